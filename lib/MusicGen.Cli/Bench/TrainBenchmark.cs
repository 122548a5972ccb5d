using System.Diagnostics;
using MusicGen.Nn.Kernels;

using MusicGen.Nn;

namespace MusicGen.Cli.Bench;

/// <summary>
/// Training-step throughput of a preset's own network, optimizer and loss on the shapes of the PyTorch peer
/// (tests/MusicGen.Benchmarks/peers/torch_peer.py), so the two can be compared side by side: 2 warm-up steps, then
/// <c>steps</c> timed steps of ZeroGrad → forward → loss → Backward → Step on one fixed random batch.
/// </summary>
internal static class TrainBenchmark
{
    /// <summary>The preset ids this benchmark knows, as torch_peer.py names them.</summary>
    public static IReadOnlyList<string> Presets { get; } = ["pitch-step-duration", "chord-stacked-lstm", "notes-and-chords"];

    /// <summary>Warm-up steps before timing (torch_peer.py uses 2).</summary>
    public const int WarmupSteps = 2;

    /// <summary>Runs the benchmark; <paramref name="threads"/> caps the kernel threads (null: all cores).</summary>
    /// <exception cref="ArgumentException">Unknown preset, or batch/steps below 1.</exception>
    public static TrainBenchResult Run(string preset, int batch = 64, int steps = 10, int? threads = null, bool profile = false)
    {
        if (batch < 1) throw new ArgumentOutOfRangeException(nameof(batch), batch, "batch must be ≥ 1");
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, "steps must be ≥ 1");
        var task = CreateTask(preset, batch);
        var previousLimit = KernelThreads.Limit;
        if (threads is { } n) KernelThreads.Limit = n;
        try
        {
            task.Model.Train();
            for (var i = 0; i < WarmupSteps; i++) { Runtime.Interruption.ThrowIfRequested(); TrainStep(task); }
            var (parallelBefore, soloBefore) = (KernelThreads.ParallelJobs, KernelThreads.SoloJobs);
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            if (profile) StepProfiler.Start(); // --profile: time the steps by phase (lib/MusicGen/Nn/Kernels/StepProfiler.cs)
            var clock = Stopwatch.StartNew();
            var loss = 0f;
            for (var i = 0; i < steps; i++) { Runtime.Interruption.ThrowIfRequested(); loss = TrainStep(task); }
            var seconds = clock.Elapsed.TotalSeconds;
            if (profile) StepProfiler.Stop();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            return new TrainBenchResult
            {
                Preset = preset,
                Batch = batch,
                StepsPerSecond = steps / seconds,
                SequencesPerSecond = steps * batch / seconds,
                Parameters = task.Model.ParameterCount(),
                Steps = steps,
                Threads = KernelThreads.Limit,
                Gflops = task.FlopsPerStep * steps / seconds / 1e9,
                PeakWorkingSetBytes = process.PeakWorkingSet64,
                AllocatedBytesPerStep = (double)allocated / steps,
                Loss = loss,
                ParallelJobFraction = Fraction(KernelThreads.ParallelJobs - parallelBefore, KernelThreads.SoloJobs - soloBefore),
            };
        }
        finally
        {
            KernelThreads.Limit = previousLimit;
        }
    }

    static double Fraction(long parallel, long solo) => parallel + solo == 0 ? 0 : (double)parallel / (parallel + solo);

    static float TrainStep(IBenchTask task)
    {
        task.Optimizer.ZeroGrad();
        var loss = task.Loss();
        var value = loss.Item();
        loss.Backward();
        task.Optimizer.Step();
        return value;
    }

    internal static IBenchTask CreateTask(string preset, int batch) => Presets.Contains(preset)
        ? new PresetBenchTask(preset, batch)
        : throw new ArgumentException($"unknown preset '{preset}'; bench train knows {string.Join(", ", Presets)}.", nameof(preset));
}
