using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MusicGen.Data;
using MusicGen.Midi;
using MusicGen.Models;
using Spectre.Console;

namespace MusicGen.Cli;

/// <summary>
/// <c>musicgen train --preset ID --data PATH [--epochs N] [--out F] [--quick] [--seed S] [--resume] [--json]</c> (lib/README.md §4,
/// CLI contract): encodes the MIDI files of PATH (a folder, searched recursively; one .mid file; a dataset name found
/// by <see cref="DatasetLocator"/>; or <c>sample</c> for data/sample) in the preset's representation, trains with the
/// <see cref="Trainer"/> (progress bar on stderr: loss, sequences/s) and writes one preset checkpoint (best epoch's
/// weights, optimizer state, preset id, options, vocabulary, a prompt) that <c>musicgen generate</c> reads; after
/// every epoch it also writes OUT.epoch.safetensors (and the best epoch's weights beside it) for <c>--resume</c>, removed
/// after a successful run unless <c>--keep-epochs</c>. Options (ranges, model size against memory) and output paths are
/// checked before any data is read.
/// <c>--quick</c> uses the preset's tiny sizes and at most 20 steps per epoch. <c>--set NAME=VALUE</c> (repeatable)
/// overrides one <see cref="PresetOptions"/> property after the preset's (or tiny) sizes, e.g. <c>--set HiddenSize=64</c>;
/// <c>--steps-per-epoch N</c> caps the optimizer steps of each epoch (reduced-budget runs such as
/// tests/scripts/presets/results.sh).
/// </summary>
internal sealed class TrainCommand : ICommandGroup
{
    const int QuickStepsPerEpoch = 20;

    public Command Create()
    {
        var preset = new Option<string>("--preset") { Description = "Preset id (see `musicgen presets`).", Required = true };
        var data = new Option<string>("--data") { Description = "MIDI folder, .mid file, dataset name (chopin, …) or 'sample'.", Required = true };
        var epochs = new Option<int?>("--epochs") { Description = "Epochs (default: the preset's, 2 with --quick)." };
        var output = new Option<string?>("--out") { Description = "Checkpoint file (default: ID.safetensors)." };
        var quick = new Option<bool>("--quick") { Description = "Tiny sizes and at most 20 steps per epoch (smoke runs)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of initialisation, shuffling and dropout.", DefaultValueFactory = _ => 0UL };
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted run from its epoch checkpoint (OUT with .epoch before the extension)." };
        var json = new Option<bool>("--json") { Description = "Print {\"preset\",\"epochs\",\"train_loss\",\"valid_loss\",\"train_losses\",\"valid_losses\",\"seconds\",\"parameters\",\"checkpoint\"} to stdout." };
        var set = new Option<string[]>("--set")
        {
            Description = "Override a preset option, NAME=VALUE (repeatable), e.g. HiddenSize=64. Quirk=Faithful|Fixed is stored as the " +
                          "checkpoint's default but only changes generation (SOURCES.md §3.4's unscaled pitch feedback, §1.4's greedy decoding); " +
                          "`generate --quirk fixed|faithful` chooses it for any checkpoint (default fixed).",
            AllowMultipleArgumentsPerToken = false,
        };
        var keepEpochs = new Option<bool>("--keep-epochs") { Description = "Keep OUT.epoch.safetensors and OUT.epoch.best.safetensors after a successful run (removed by default)." };
        var stepsPerEpoch = new Option<int?>("--steps-per-epoch") { Description = "At most N optimizer steps per epoch (default: the whole training split; 20 with --quick)." };
        var engine = new Option<string>("--engine") { Description = "ours (default) or torchsharp (LibTorch through TorchSharp; the checkpoint loads in both).", DefaultValueFactory = _ => "ours" };
        var device = new Option<string>("--device") { Description = "With --engine torchsharp: cpu (default), cuda or cuda:N (needs TorchSharp-cuda, environment.md).", DefaultValueFactory = _ => "cpu" };
        var cmd = new Command("train", "Train a preset on MIDI files and write a checkpoint.") { preset, data, epochs, output, quick, seed, resume, json, set, stepsPerEpoch, keepEpochs, engine, device };
        cmd.SetAction(parse =>
        {
            var stderr = parse.InvocationConfiguration.Error;
            var id = parse.GetValue(preset)!;
            Preset p;
            try { p = Presets.Get(id); }
            catch (ArgumentException ex) { throw new UserError($"--preset: {ex.Message.Split(" (Parameter")[0]}"); }
            bool isQuick = parse.GetValue(quick);
            if (isQuick) p.UseTiny();
            int? e = parse.GetValue(epochs);
            if (e is < 1 or > 100_000) throw new UserError($"--epochs {e}: must be an integer from 1 to 100000");
            foreach (var assignment in parse.GetValue(set) ?? []) ApplySet(p.Options, assignment);
            if (PresetOptionsCheck.Problem(p.Options) is { } problem) throw new UserError($"--set {problem}");
            if (PresetOptionsCheck.SizeProblem(p) is { } size) throw new UserError($"--set: {size}");
            int? steps = parse.GetValue(stepsPerEpoch);
            if (steps is < 1) throw new UserError($"--steps-per-epoch {steps}: must be an integer ≥ 1");
            ulong s = parse.GetValue(seed);
            p.Options.Seed = s;
            var outPath = parse.GetValue(output) ?? id + ".safetensors";
            // The checkpoint and the per-epoch files are checked before any data is read or any epoch trained.
            OutputChecks.Writable(outPath, "--out");
            OutputChecks.Writable(EpochPathFor(outPath), "--out");
            OutputChecks.Writable(Trainer.BestPathFor(EpochPathFor(outPath)), "--out");
            var engineName = parse.GetValue(engine);
            if (engineName is not ("ours" or "torchsharp")) throw new UserError($"--engine: expected ours or torchsharp, got '{engineName}'");
            if (engineName == "ours" && parse.GetValue(device) != "cpu") throw new UserError("--device: only with --engine torchsharp (our engine runs on the CPU)");
            if (engineName == "torchsharp" && parse.GetValue(resume)) throw new UserError("--resume: not available with --engine torchsharp");

            var (songs, names) = LoadSongs(parse.GetValue(data)!, stderr);
            EncodedCorpus corpus;
            ITrainingTask<SequenceModel> task;
            try
            {
                corpus = p.Encode(songs, names);
                task = p.CreateTask(corpus);
            }
            catch (ArgumentException ex) { throw new UserError($"--data: {ex.Message.Split(" (Parameter")[0]}"); }
            // The preset's recipe (Preset.CreateTrainer, shared with Preset.Train and the notebooks): one options object.
            if (e is { } ep) p.Options.Epochs = ep; else if (isQuick) p.Options.Epochs = 2;
            if (steps is { } st) p.Options.MaxStepsPerEpoch = st; else if (isQuick) p.Options.MaxStepsPerEpoch = QuickStepsPerEpoch;
            var model = p.CreateModel();
            p.InitializeFromData(model, corpus);   // e.g. pianoroll-lstm: output bias at the training key frequencies
            var prompt = p.LongestPrompt(corpus);
            // Every epoch ends with an atomic checkpoint (weights, optimizer, trainer state and the preset's
            // metadata), so an interrupted run loses at most one epoch: `--resume` continues it, and
            // `musicgen generate` can already sample from it.
            var epochPath = EpochPathFor(outPath);
            var trainer = p.CreateTrainer(model, task, o => o with
            {
                CheckpointPath = epochPath,
                CheckpointMetadata = PresetCheckpoint.Metadata(p, prompt),
                MaxValidBatches = isQuick ? 2 : null,
            });
            var (optimizer, options) = (trainer.Optimizer, trainer.Options);
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"train {id}: {songs.Count} songs → {corpus}, {task.TrainCount:N0} training / {task.ValidCount:N0} validation examples, {model.ParameterCount():N0} parameters, {options.Epochs} epochs"));
            if (engineName == "torchsharp")
            {
                MusicGen.TorchSharp.TorchTrainer ts;
                try
                {
                    ts = MusicGen.TorchSharp.TorchTrainingRun.Run(p, corpus, model, optimizer, prompt, outPath, parse.GetValue(device)!, options.Epochs,
                        options.BatchSize, s, options.MaxStepsPerEpoch, options.MaxValidBatches, stderr);
                }
                catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or NotSupportedException) { throw new UserError($"--engine torchsharp: {ex.Message}"); }
                stderr.WriteLine($"wrote {outPath}");
                if (parse.GetValue(json))
                    parse.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                    {
                        ["preset"] = id, ["engine"] = engineName, ["epochs"] = ts.TrainLosses.Count, ["train_loss"] = Finite(ts.TrainLosses[^1]),
                        ["valid_loss"] = Finite(ts.ValidLosses[^1]), ["train_losses"] = ts.TrainLosses.Select(Finite).ToArray(),
                        ["valid_losses"] = ts.ValidLosses.Select(Finite).ToArray(), ["seconds"] = ts.Seconds.Sum(), ["parameters"] = model.ParameterCount(), ["checkpoint"] = outPath,
                    }));
                return 0;
            }
            if (parse.GetValue(resume))
            {
                if (!File.Exists(epochPath)) throw new UserError($"--resume: {epochPath}: no epoch checkpoint to continue from");
                try { trainer.Resume(epochPath); }
                catch (InvalidDataException ex) { throw new UserError($"--resume: {ex.Message}"); }
                stderr.WriteLine($"resumed from {epochPath} after epoch {trainer.History.Epochs}");
            }
            var history = Fit(trainer, task, stderr);
            p.Save(outPath, model, optimizer, prompt);
            stderr.WriteLine($"wrote {outPath}");
            if (!parse.GetValue(keepEpochs))
            {
                // The run finished: its resume files have served their purpose.
                foreach (var f in new[] { epochPath, Trainer.BestPathFor(epochPath) })
                {
                    try { File.Delete(f); }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { stderr.WriteLine($"warning: could not remove {f} ({ex.Message})"); }
                }
            }
            if (parse.GetValue(json))
                parse.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["preset"] = id,
                    ["epochs"] = history.Epochs,
                    ["train_loss"] = history.Epochs > 0 ? Finite(history.TrainLoss[^1]) : null,
                    ["valid_loss"] = history.Epochs > 0 && history.HasValidation ? Finite(history.ValidLoss[^1]) : null,
                    ["train_losses"] = history.TrainLoss.Select(Finite).ToArray(),
                    ["valid_losses"] = history.HasValidation ? history.ValidLoss.Select(Finite).ToArray() : null,
                    ["seconds"] = history.Seconds.Sum(),
                    ["parameters"] = model.ParameterCount(),
                    ["checkpoint"] = outPath,
                }));
            return 0;
        });
        return cmd;
    }

    /// <summary>The per-epoch checkpoint beside the final one: "run.safetensors" → "run.epoch.safetensors".</summary>
    internal static string EpochPathFor(string outPath) =>
        outPath.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)
            ? outPath[..^".safetensors".Length] + ".epoch.safetensors"
            : outPath + ".epoch";

    /// <summary>The options <c>--set</c> may change: every public settable property of <see cref="PresetOptions"/>.</summary>
    static readonly System.Reflection.PropertyInfo[] s_settable = typeof(PresetOptions).GetProperties()
        .Where(pi => pi.CanWrite && pi.SetMethod!.IsPublic).OrderBy(pi => pi.Name, StringComparer.Ordinal).ToArray();

    /// <summary>Applies one <c>--set NAME=VALUE</c> (name case-insensitive, value in invariant culture; enums by name).
    /// A malformed assignment, unknown name or unparsable value is a <see cref="UserError"/> naming the valid names.</summary>
    internal static void ApplySet(PresetOptions options, string assignment)
    {
        string names = string.Join(", ", s_settable.Select(pi => pi.Name));
        int eq = assignment.IndexOf('=');
        if (eq <= 0) throw new UserError($"--set {assignment}: expected NAME=VALUE; names: {names}");
        string name = assignment[..eq].Trim(), text = assignment[(eq + 1)..].Trim();
        var prop = s_settable.FirstOrDefault(pi => string.Equals(pi.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new UserError($"--set {assignment}: unknown option '{name}'; names: {names}");
        object value;
        try
        {
            value = prop.PropertyType.IsEnum
                ? Enum.Parse(prop.PropertyType, text, ignoreCase: true)
                : Convert.ChangeType(text, prop.PropertyType, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException or InvalidCastException)
        {
            string kind = prop.PropertyType.IsEnum ? string.Join("|", Enum.GetNames(prop.PropertyType)) : prop.PropertyType.Name;
            throw new UserError($"--set {assignment}: '{text}' is not a valid {kind} for {prop.Name}; names: {names}");
        }
        if (value is int i && i < 0 || value is double d && !double.IsFinite(d) || value is float f && !float.IsFinite(f))
            throw new UserError($"--set {assignment}: {prop.Name} must be a finite, non-negative number");
        prop.SetValue(options, value);
    }

    static double? Finite(double v) => double.IsFinite(v) ? v : null;

    static (List<MidiSong> Songs, List<string> Names) LoadSongs(string data, TextWriter stderr)
    {
        string? path = data == "sample" ? DatasetLocator.SampleFolder() : data;
        if (path is not null && File.Exists(path))
        {
            try { return ([MidiSong.Read(path, MidiReadingSettings.Lenient)], [Path.GetFileNameWithoutExtension(path)]); }
            catch (Exception ex) when (ex is MidiFormatException or IOException) { throw new UserError($"{path}: {ex.Message}"); }
        }
        if (path is null || !Directory.Exists(path)) path = DatasetLocator.Find(data);
        if (path is null) throw new UserError($"--data {data}: no such file, folder or dataset (set {DatasetLocator.EnvironmentVariable} or pass a folder of MIDI files)");
        var errors = new List<string>();
        var loaded = MidiFolder.Load(path, errors);
        foreach (var err in errors) stderr.WriteLine($"warning: skipped {err}");
        if (loaded.Count == 0) throw new UserError($"--data {path}: no readable MIDI files (.mid, .midi)");
        return (loaded.Select(l => l.Song).ToList(), loaded.Select(l => Path.GetFileNameWithoutExtension(l.Path)).ToList());
    }

    /// <summary>Fit with a Spectre progress bar on an interactive stderr, one line per epoch otherwise.</summary>
    static TrainingHistory Fit(Trainer trainer, ITrainingTask<SequenceModel> task, TextWriter stderr)
    {
        bool live = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
        if (!live)
        {
            trainer.Progress += p => { if (p.Kind == TrainingProgressKind.EpochEnd) stderr.WriteLine("  " + p); };
            return trainer.Fit(task);
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        TrainingHistory? history = null;
        console.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var bar = ctx.AddTask("epoch 1", maxValue: 1);
                trainer.Progress += p =>
                {
                    if (p.Kind == TrainingProgressKind.Batch)
                    {
                        bar.MaxValue = p.StepsPerEpoch;
                        bar.Value = p.Step;
                        bar.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                            $"epoch {p.Epoch + 1}/{p.Epochs} loss {p.Loss:F3}, {p.SequencesPerSecond:F0} seq/s"));
                    }
                    else console.MarkupLine(Markup.Escape("  " + p));
                };
                history = trainer.Fit(task);
            });
        return history!;
    }
}
