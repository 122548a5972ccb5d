using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MusicGen.Models;
using MusicGen.Cli.Bench;
using Spectre.Console;

namespace MusicGen.Cli;

/// <summary>
/// <c>musicgen bench train --preset ID --batch 64 --steps N [--json] [--peer] [--threads N]</c>
/// (lib/README.md §4): training steps per second of a preset's own network on the shapes of
/// the PyTorch peer, tests/MusicGen.Benchmarks/peers/torch_peer.py. With <c>--peer</c> that peer runs right after on the same
/// preset with 1 and 2 threads, in <c>--rounds</c> rounds (each side's median round counts), and the JSON adds its best
/// thread count's steps/s and our ratio to it; <c>--peer torchsharp</c>
/// times the same shape in TorchSharp (LibTorch) in this process instead (MusicGen.TorchSharp.Bench).
/// <c>musicgen bench nll --dataset jsb-chorales [--json] [--epochs N] [--minutes M]</c>: trains
/// <c>pianoroll-lstm</c> with early stopping and reports the frame NLL of SOURCES.md §6.1
/// (<see cref="PianoRollNllBenchmark"/>). <c>musicgen bench peak</c> (<see cref="PeakBenchCommand"/>) measures the FMA
/// peak and memory bandwidth that <c>bench train</c> reports its fraction of; <c>musicgen bench generate</c>
/// (<see cref="GenerateBenchCommand"/>) times stateful generation of every preset.
/// </summary>
internal sealed class BenchCommand : ICommandGroup
{
    public Command Create()
    {
        var preset = new Option<string>("--preset") { Description = $"One of: {string.Join(", ", TrainBenchmark.Presets)}, or all (one after another, in one run).", DefaultValueFactory = _ => "all" };
        var batch = new Option<int>("--batch") { Description = "Batch size (torch_peer.py uses 64).", DefaultValueFactory = _ => 64 };
        var steps = new Option<int?>("--steps") { Description = "Timed training steps after the warm-up (at least 2 steps and 1 s); default: as many as take about 3 s, at least 10. A peer runs the same number." };
        var json = new Option<bool>("--json") { Description = "Print {preset, batch, steps_per_s, seq_per_s, parameters, …} as JSON." };
        var peer = new Option<string?>("--peer")
        {
            Description = "Also time a peer with 1 and 2 threads and report the ratio to its best: pytorch (tests/MusicGen.Benchmarks/peers/torch_peer.py; the default " +
                          "when no value is given) or torchsharp (LibTorch through TorchSharp, in this process).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var threads = new Option<int?>("--threads") { Description = "Cap the kernel threads (default: all cores)." };
        var gemm = new Option<bool>("--no-gemm") { Description = "Skip replaying the step's matrix products alone (GEMM GFLOP/s, about one more step's time)." };
        var peak = new Option<string?>("--peak") { Description = "A `musicgen bench peak --json` file: take the two-core FMA peak from it instead of measuring it in this run." };
        var roundsOption = new Option<int?>("--rounds")
        {
            Description = "Rounds of (ours, then the peer with 1 and 2 threads), back to back; each side reports its median round " +
                          "(every round is printed and kept in the JSON). Default: 3 with --peer, else 1.",
        };
        var profile = new Option<bool>("--profile") { Description = "Also print where our step's time goes, by phase (forward/backward GEMMs, LSTM cell, optimizer, thread waits)." };
        var train = new Command("train", "Training-step throughput of a preset on torch_peer.py's shapes, and as a fraction of the two-core FMA peak.")
            { preset, batch, steps, json, peer, threads, peak, gemm, profile, roundsOption };
        train.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var chosen = parse.GetValue(preset)!;
            var b = parse.GetValue(batch);
            var n = parse.GetValue(steps);
            var t = parse.GetValue(threads);
            if (chosen != "all" && !TrainBenchmark.Presets.Contains(chosen))
                throw new UserError($"--preset: unknown preset '{chosen}'; bench train knows {string.Join(", ", TrainBenchmark.Presets)} or all");
            if (b < 1) throw new UserError($"--batch: must be ≥ 1, got {b}");
            if (n < 1) throw new UserError($"--steps: must be ≥ 1, got {n}");
            if (t is < 1) throw new UserError($"--threads: must be ≥ 1, got {t}");
            var rounds = parse.GetValue(roundsOption);
            if (rounds is < 1) throw new UserError($"--rounds: must be ≥ 1, got {rounds}");
            string? script = null;
            var peerName = parse.GetResult(peer) is null ? null : parse.GetValue(peer) ?? "pytorch";
            if (peerName is not (null or "pytorch" or "torchsharp")) throw new UserError($"--peer: expected pytorch or torchsharp, got '{peerName}'");
            var tsPeer = peerName == "torchsharp" ? new MusicGen.TorchSharp.Bench.TorchSharpTrainPeer() : null;
            var peerLabel = peerName == "torchsharp" ? "TorchSharp" : "PyTorch";
            if (tsPeer is not null)
            {
                try { stderr.WriteLine($"  peer: {tsPeer.Description}"); }
                catch (InvalidOperationException ex) { throw new UserError($"--peer torchsharp: {ex.Message}"); }
                script = "torchsharp";
            }
            else if (peerName is not null)
            {
                if (b != 64) throw new UserError($"--peer: torch_peer.py always uses batch 64; run with --batch 64 (got {b})");
                script = TorchPeer.Find() ?? throw new UserError(
                    $"--peer: {TorchPeer.RelativePath} not found above the current directory; run from the repository or set MUSICGEN_TORCH_PEER to its path");
            }
            var (peakGflops, peakSource) = TrainPeak.Read(parse.GetValue(peak));
            var ratios = new List<(string Id, double? Ratio)>();
            foreach (var id in chosen == "all" ? TrainBenchmark.Presets : [chosen])
            {
                stderr.WriteLine($"bench train {id}: batch {b}");
                var roundCount = rounds ?? (script is null ? 1 : 3);
                var roundResults = new List<TrainBenchRound>();
                var ours = new List<TrainBenchResult>();
                if (parse.GetValue(profile))
                {
                    // A run of its own, not one of the rounds: timing every phase slows the step a little.
                    var profiled = TrainBenchmark.Run(id, b, n, t, profile: true);
                    stderr.WriteLine($"  profile of {profiled.Steps} steps ({profiled.StepsPerSecond:F3} steps/s while profiled):");
                    stderr.WriteLine(MusicGen.Nn.Kernels.StepProfiler.Report(profiled.Steps));
                }
                for (var round = 1; round <= roundCount; round++)
                {
                    // Every round times as many steps as the first (which picks them when --steps is not given).
                    var run = TrainBenchmark.Run(id, b, n ?? ours.FirstOrDefault()?.Steps, t);
                    var label = roundCount > 1 ? $"  round {round}: " : "  ";
                    if (round == 1) stderr.WriteLine($"  {run.WarmupSteps} warm-up + {run.Steps} timed steps{(roundCount > 1 ? $", {roundCount} rounds" : "")}");
                    stderr.WriteLine($"{label}musicgen: {run.StepsPerSecond:F3} steps/s ({run.Threads} threads)");
                    ours.Add(run);
                    Dictionary<string, double>? runs = null;
                    if (script is not null)
                    {
                        runs = [];
                        foreach (var peerThreads in new[] { 1, 2 })
                        {
                            var sps = tsPeer?.StepsPerSecond(id, b, run.Steps, peerThreads) ?? RunPeer(script, id, run.Steps, peerThreads);
                            runs[peerThreads.ToString(CultureInfo.InvariantCulture)] = sps;
                            stderr.WriteLine($"{label}{peerName} {peerThreads} thread(s): {sps:F3} steps/s");
                        }
                    }
                    roundResults.Add(new TrainBenchRound { StepsPerSecond = run.StepsPerSecond, PeerRuns = runs });
                }
                // Each side's median round: LibTorch's two-thread pitch-step-duration ranged 116–178 steps/s over six rounds
                // in one process (2026-12-07), ours 165–234; the median is what a long training run sees, where the best
                // round would favour whichever side is noisier.
                var result = MedianBy(ours, r => r.StepsPerSecond);
                if (roundCount > 1) result = result with { Rounds = roundResults };
                if (!parse.GetValue(gemm)) result = result with { GemmGflops = TrainGemm(id, b, t, parse.GetValue(profile) ? stderr : null) };
                if (peakSource == "measured") peakGflops = PeakBenchmark.TwoCorePeakGflops(); // after the run: the peak loop does not warm or cool anything the step uses
                result = TrainPeak.With(result, peakGflops, peakSource);
                stderr.WriteLine($"  musicgen{(roundCount > 1 ? ", median round" : "")}: {result.StepsPerSecond:F3} steps/s ({result.Threads} threads, {result.Gflops:F1} GFLOP/s{TrainPeak.Percent(result.FractionOfPeak)})");
                if (script is not null)
                {
                    var peerMedians = roundResults.SelectMany(r => r.PeerRuns!).GroupBy(kv => kv.Key)
                        .ToDictionary(g => g.Key, g => MedianBy(g, kv => kv.Value).Value);
                    var best = peerMedians.MaxBy(kv => kv.Value);
                    result = result with
                    {
                        PeerRuns = peerMedians,
                        PeerStepsPerSecond = best.Value,
                        PeerThreads = int.Parse(best.Key, CultureInfo.InvariantCulture),
                        Ratio = result.StepsPerSecond / best.Value,
                    };
                    result = TrainPeak.With(result, peakGflops, peakSource);
                }
                if (parse.GetValue(json)) stdout.WriteLine(JsonSerializer.Serialize(result));
                else
                {
                    stdout.WriteLine($"{result.Preset}: {result.StepsPerSecond:F3} steps/s, {result.SequencesPerSecond:F1} seq/s, " +
                                     $"{result.Parameters:N0} parameters, {result.Gflops:F1} GFLOP/s{TrainPeak.Percent(result.FractionOfPeak)}, " +
                                     $"{result.AllocatedBytesPerStep / 1024:F0} KiB allocated/step, peak {result.PeakWorkingSetBytes / (1 << 20)} MiB");
                    if (result.Ratio is { } r) stdout.WriteLine($"{peerLabel} best {result.PeerStepsPerSecond:F3} steps/s ({result.PeerThreads} threads, " +
                                                                $"{result.PeerGflops:F1} GFLOP/s{TrainPeak.Percent(result.PeerFractionOfPeak)}): ratio {r:F2}");
                    if (result.GemmGflops is { } gg) stdout.WriteLine($"its matrix products replayed alone: {gg:F1} GFLOP/s{TrainPeak.Percent(result.GemmFractionOfPeak)}");
                    if (result.PeakGflops is { } pk) stdout.WriteLine($"two-core FP32 FMA peak {pk:F1} GFLOP/s ({result.PeakSource})");
                }
                ratios.Add((id, result.Ratio));
            }
            if (ratios.Count > 1 && ratios.All(r => r.Ratio is not null) && !parse.GetValue(json))
                stdout.WriteLine($"ratios to {peerLabel}'s best: " +
                                 string.Join(", ", ratios.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Id} {r.Ratio:F2}×"))));
            return 0;
        });
        return new Command("bench", "Benchmarks: training throughput side by side with PyTorch; polyphonic frame NLL; FMA peak and memory bandwidth; generation speed.") { train, CreateNll(), GenerateBenchCommand.Create(), PeakBenchCommand.Create() };
    }

    static Command CreateNll()
    {
        var d = new PianoRollNllSettings();
        var dataset = new Option<string>("--dataset") { Description = "jsb-chorales, nottingham, piano-midi, sample, or a split JSON file.", DefaultValueFactory = _ => d.Dataset };
        var data = new Option<string?>("--data") { Description = "Dataset folder or file (default: $MUSICGEN_DATA/<dataset> or data/<dataset>)." };
        var json = new Option<bool>("--json") { Description = "Print {dataset, valid_nll, test_nll, epochs, seconds, parameters, …} as JSON." };
        var epochs = new Option<int>("--epochs") { Description = "Maximum epochs (early stopping usually ends sooner).", DefaultValueFactory = _ => d.Epochs };
        var minutes = new Option<double?>("--minutes") { Description = "Wall-clock budget; no epoch starts that would overrun it." };
        var batch = new Option<int>("--batch") { Description = "Pieces per optimizer step.", DefaultValueFactory = _ => d.BatchSize };
        var lr = new Option<double>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => d.LearningRate };
        var dropout = new Option<float>("--dropout") { Description = "Dropout between and after the LSTM layers.", DefaultValueFactory = _ => d.Dropout };
        var testTranspose = new Option<int>("--test-transpose") { Description = "Score valid and test as the mixture of the predictions for each piece transposed by −K … K semitones, read back at the original keys (0 = off; the training NLL is untransposed).", DefaultValueFactory = _ => d.TestTranspose };
        var inputDropout = new Option<float>("--input-dropout") { Description = "Dropout on the input frames (targets untouched).", DefaultValueFactory = _ => d.InputDropout };
        var hidden = new Option<int>("--hidden") { Description = "LSTM units per layer.", DefaultValueFactory = _ => d.HiddenSize };
        var layers = new Option<int>("--layers") { Description = "LSTM layers.", DefaultValueFactory = _ => d.NumLayers };
        var clip = new Option<double>("--clip") { Description = "Gradient-norm clip (Bai et al.: 1).", DefaultValueFactory = _ => d.ClipGradNorm };
        var forget = new Option<float?>("--forget-bias") { Description = $"Initial forget-gate bias (default {d.ForgetBias}).", DefaultValueFactory = _ => d.ForgetBias };
        var decay = new Option<double?>("--lr-decay") { Description = $"Multiply the rate by this after {d.DecayPatience} epochs without a better validation NLL (default {d.DecayFactor}; 1 = constant).", DefaultValueFactory = _ => d.DecayFactor };
        var weightDecay = new Option<double>("--weight-decay") { Description = "Adam L2 penalty.", DefaultValueFactory = _ => d.WeightDecay };
        var transpose = new Option<int>("--transpose") { Description = "Augment: transpose training pieces randomly by up to ± this many semitones (0 = off).", DefaultValueFactory = _ => d.TransposeRange };
        var noBiasInit = new Option<bool>("--no-bias-init") { Description = "Start the output bias at 0 instead of the training key frequencies." };
        var patience = new Option<int>("--patience") { Description = "Early-stopping patience (epochs).", DefaultValueFactory = _ => d.Patience };
        var seed = new Option<ulong>("--seed") { Description = "Seed of initialisation, shuffling and dropout.", DefaultValueFactory = _ => d.Seed };
        var steps = new Option<int?>("--max-steps") { Description = "Cap optimizer steps per epoch (smoke runs)." };
        var ensemble = new Option<int>("--ensemble") { Description = "Train this many networks (seeds SEED, SEED+1, …) and score the mean of their key probabilities; --minutes is shared.", DefaultValueFactory = _ => d.Ensemble };
        var nll = new Command("nll", "Train pianoroll-lstm on a polyphonic benchmark and report frame NLL (nats/frame) on valid and test.")
            { dataset, data, json, epochs, minutes, batch, lr, dropout, hidden, layers, clip, forget, decay, weightDecay, transpose, noBiasInit, patience, seed, steps, ensemble, inputDropout, testTranspose };
        nll.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var settings = d with
            {
                Dataset = parse.GetValue(dataset)!, DataPath = parse.GetValue(data), Epochs = parse.GetValue(epochs),
                Minutes = parse.GetValue(minutes), BatchSize = parse.GetValue(batch), LearningRate = parse.GetValue(lr),
                Dropout = parse.GetValue(dropout), InputDropout = parse.GetValue(inputDropout), TestTranspose = parse.GetValue(testTranspose), HiddenSize = parse.GetValue(hidden), NumLayers = parse.GetValue(layers),
                InitOutputBias = !parse.GetValue(noBiasInit), WeightDecay = parse.GetValue(weightDecay), TransposeRange = parse.GetValue(transpose), ClipGradNorm = parse.GetValue(clip), ForgetBias = parse.GetValue(forget),
                DecayFactor = parse.GetValue(decay) is { } f && f < 1 ? f : null,
                Patience = parse.GetValue(patience), Seed = parse.GetValue(seed), MaxStepsPerEpoch = parse.GetValue(steps), Ensemble = parse.GetValue(ensemble),
            };
            if (settings.Epochs < 1) throw new UserError($"--epochs: must be ≥ 1, got {settings.Epochs}");
            if (settings.Minutes is { } minutesLimit && !(minutesLimit > 0 && minutesLimit <= 10_000)) throw new UserError($"--minutes: must be in (0, 10000], got {minutesLimit}");
            if (settings.BatchSize < 1) throw new UserError($"--batch: must be ≥ 1, got {settings.BatchSize}");
            if (!(settings.LearningRate > 0)) throw new UserError($"--lr: must be > 0, got {settings.LearningRate}");
            if (!(settings.Dropout >= 0 && settings.Dropout < 1)) throw new UserError($"--dropout: must be in [0, 1), got {settings.Dropout}");
            if (settings.TestTranspose is < 0 or > 44) throw new UserError($"--test-transpose: must be in 0 … 44 semitones, got {settings.TestTranspose}");
            if (!(settings.InputDropout >= 0 && settings.InputDropout < 1)) throw new UserError($"--input-dropout: must be in [0, 1), got {settings.InputDropout}");
            if (settings.HiddenSize < 1 || settings.NumLayers < 1) throw new UserError("--hidden and --layers must be ≥ 1");
            if (settings.TransposeRange is < 0 or > 24) throw new UserError($"--transpose: must be in 0 … 24, got {settings.TransposeRange}");
            if (!(settings.WeightDecay >= 0)) throw new UserError($"--weight-decay: must be ≥ 0, got {settings.WeightDecay}");
            if (!(settings.ClipGradNorm > 0)) throw new UserError($"--clip: must be > 0, got {settings.ClipGradNorm}");
            if (parse.GetValue(decay) is { } df && !(df > 0 && df <= 1)) throw new UserError($"--lr-decay: must be in (0, 1], got {df}");
            if (settings.Patience < 1) throw new UserError($"--patience: must be ≥ 1, got {settings.Patience}");
            if (settings.Ensemble is < 1 or > 100) throw new UserError($"--ensemble: must be in 1 … 100, got {settings.Ensemble}");
            if (settings.MaxStepsPerEpoch is < 1) throw new UserError($"--max-steps: must be ≥ 1, got {settings.MaxStepsPerEpoch}");
            stderr.WriteLine($"bench nll {settings.Dataset}: pianoroll-lstm {settings.NumLayers}×{settings.HiddenSize}, dropout {settings.Dropout}, " +
                             $"Adam {settings.LearningRate}, batch {settings.BatchSize}, ≤ {settings.Epochs} epochs{(settings.Ensemble > 1 ? $", ensemble of {settings.Ensemble}" : "")}{(settings.Minutes is { } m ? $", ≤ {m} min" : "")}");
            PianoRollNllResult result;
            try
            {
                result = RunNll(settings, stderr);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or FormatException or InvalidDataException)
            {
                throw new UserError(e.Message);
            }
            if (parse.GetValue(json)) stdout.WriteLine(JsonSerializer.Serialize(result));
            else
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{result.Dataset}: valid NLL {result.ValidNll:F4}, test NLL {result.TestNll:F4} nats/frame (train {result.TrainNll:F4}); " +
                    $"best epoch {result.BestEpoch} of {result.Epochs} ({result.Stopped}), {result.Seconds:F0} s, {result.Parameters:N0} parameters"));
            return 0;
        });
        return nll;
    }

    /// <summary>Runs the benchmark with progress on stderr: a Spectre progress bar on a terminal, one line per
    /// epoch otherwise (logs, CI).</summary>
    static PianoRollNllResult RunNll(PianoRollNllSettings settings, TextWriter stderr)
    {
        void Line(TrainingProgress p)
        {
            if (p.Kind == TrainingProgressKind.EpochEnd) stderr.WriteLine("  " + p.ToString());
        }
        bool live = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
        if (!live) return PianoRollNllBenchmark.Run(settings, Line);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        PianoRollNllResult? result = null;
        console.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var bar = ctx.AddTask("epoch 1", maxValue: 1);
                result = PianoRollNllBenchmark.Run(settings, p =>
                {
                    if (p.Kind == TrainingProgressKind.Batch)
                    {
                        bar.MaxValue = p.StepsPerEpoch;
                        bar.Value = p.Step;
                        bar.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                            $"epoch {p.Epoch + 1}/{p.Epochs} loss {p.TrainLoss:F3}, {p.SequencesPerSecond:F0} seq/s, best valid {p.BestLoss:F3}"));
                    }
                    else console.MarkupLine(Markup.Escape("  " + p.ToString()));
                });
            });
        return result!;
    }

    /// <summary>GFLOP/s of the step's products alone (<see cref="GemmReplay"/>) on the same kernel threads as the run.</summary>
    /// <param name="detail">With --profile: each product's GFLOP/s, one line per shape.</param>
    static double TrainGemm(string id, int batch, int? threads, TextWriter? detail)
    {
        var previous = MusicGen.Nn.Kernels.KernelThreads.Limit;
        if (threads is { } n) MusicGen.Nn.Kernels.KernelThreads.Limit = n;
        try
        {
            var shapes = GemmReplay.Shapes(id, PresetBenchTask.OptionsFor(id), batch);
            var (total, perShape) = GemmReplay.Measure(shapes);
            if (detail is not null)
            {
                detail.WriteLine("  matrix products replayed alone (op(A) M×K · op(B) K×N, × repeats): GFLOP/s");
                for (int i = 0; i < shapes.Count; i++)
                {
                    var s = shapes[i];
                    detail.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"    {(s.TransA ? "Aᵀ" : "A ")}{(s.TransB ? "·Bᵀ" : "·B ")} {s.M,5}×{s.K,-5}·{s.K,5}×{s.N,-5} ×{s.Repeat,-4} {s.Flops / 1e9,8:F2} GFLOP  {perShape[i],7:F1} GFLOP/s"));
                }
            }
            return total;
        }
        finally { MusicGen.Nn.Kernels.KernelThreads.Limit = previous; }
    }

    /// <summary>The item with the middle key (the lower middle of an even count).</summary>
    static T MedianBy<T>(IEnumerable<T> items, Func<T, double> key)
    {
        var sorted = items.OrderBy(key).ToList();
        return sorted[(sorted.Count - 1) / 2];
    }

    static double RunPeer(string script, string preset, int steps, int threads)
    {
        try
        {
            return TorchPeer.Run(script, preset, steps, threads);
        }
        catch (InvalidOperationException e)
        {
            throw new UserError(e.Message);
        }
    }
}
