using System.Diagnostics;
using MusicGen.Models;
using MusicGen.Nn;
using MusicGen.Nn.Kernels;

namespace MusicGen.Cli.Bench;

/// <summary>
/// <c>musicgen bench generate</c>: stateful generation throughput of a preset's own network at its default (paper)
/// size on one core — <see cref="Preset.GenerateRows"/> after a random prompt of one window, sampling with the
/// preset's sampler included, untrained weights (the work per row does not depend on them). Each timed run
/// doubles the row count until it lasts <see cref="MinSeconds"/>, unless a count is given.
/// </summary>
internal static class GenerateBenchmark
{
    /// <summary>A timed run lasts at least this long (auto row count).</summary>
    public const double MinSeconds = 0.5;

    /// <summary>Runs the benchmark; <paramref name="rows"/> null = double until <see cref="MinSeconds"/>;
    /// <paramref name="tape"/> also times the autograd path for comparison.</summary>
    public static GenerateBenchResult Run(string id, int? rows = null, bool tape = true)
    {
        var preset = Presets.Get(id);
        var o = preset.Options;
        o.Seed = 0;
        var model = preset.CreateModel();
        var prompt = RandomPrompt(preset, new Generator(1));
        var previousLimit = KernelThreads.Limit;
        KernelThreads.Limit = 1; // one core: the tape path would otherwise split large products
        try
        {
            var step = InferenceStep.For(model);
            var path = step is not null ? "inference-step" : model.RerunsWindow ? "rerun-window" : "tape";
            var (count, seconds, allocated, cpuSeconds) = Time(preset, model, prompt, rows);
            double? tapeRate = null;
            if (step is not null && tape)
            {
                preset.UseInferenceStep = false;
                var (n, s, _, _) = Time(preset, model, prompt, rows);
                tapeRate = n / s;
                preset.UseInferenceStep = true;
            }
            return new GenerateBenchResult
            {
                Preset = id,
                Unit = preset.Unit,
                Path = path,
                Rows = count,
                Seconds = Math.Round(seconds, 4),
                RowsPerSecond = count / seconds,
                CpuSeconds = Math.Round(cpuSeconds, 4),
                TapeRowsPerSecond = tapeRate,
                FlopsPerRow = step?.FlopsPerRow,
                Gflops = step is null ? null : step.FlopsPerRow * count / seconds / 1e9,
                Parameters = model.ParameterCount(),
                AllocatedBytesPerRow = (double)allocated / count,
                LoadAverage = PianoRollNllBenchmark.ReadLoadAverage(),
            };
        }
        finally { KernelThreads.Limit = previousLimit; }
    }

    /// <summary>A 2-row warm-up run, then timed runs of <paramref name="rows"/> rows, or doubling from 4 rows until one
    /// lasts MinSeconds (the shorter runs before it also let the JIT optimise the loop); small starts keep the presets
    /// that re-run a whole window per row (a frame or two per second) to a few seconds.</summary>
    static (int Rows, double Seconds, long Allocated, double CpuSeconds) Time(Preset preset, SequenceModel model, float[,] prompt, int? rows)
    {
        preset.GenerateRows(model, prompt, 2, preset.CreateSampler(1));
        for (int n = rows ?? 4; ; n *= 2)
        {
            Runtime.Interruption.ThrowIfRequested();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var generated = preset.GenerateRows(model, prompt, n, preset.CreateSampler(2));
            var seconds = clock.Elapsed.TotalSeconds;
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            if (generated.Count != n) throw new InvalidOperationException($"{preset.Id}: generated {generated.Count} rows, expected {n}");
            if (rows is not null || seconds >= MinSeconds || n >= 1 << 24) return (n, seconds, allocated, cpuSeconds);
        }
    }

    /// <summary>One window of raw rows: a token id below V for one-column presets, 88 keys with ~10 % on for piano
    /// rolls, else a pitch 0–127 in column 0 and uniform [0, 1) values after it.</summary>
    static float[,] RandomPrompt(Preset preset, Generator gen)
    {
        int window = preset.Options.Window, features = preset.FeatureCount;
        var prompt = new float[window, features];
        for (int t = 0; t < window; t++)
            for (int f = 0; f < features; f++)
                prompt[t, f] = features == 1 ? gen.NextInt(preset.Options.VocabularySize)
                    : features == 88 ? (gen.NextFloat() < 0.1f ? 1f : 0f)
                    : f == 0 ? gen.NextInt(128) : gen.NextFloat();
        return prompt;
    }
}
