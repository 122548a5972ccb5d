using System.Diagnostics;
using MusicGen.Nn.Kernels;

using MusicGen.Nn;

namespace MusicGen.Cli.Bench;

/// <summary>
/// Training-step throughput of a preset's own network, optimizer and loss on the shapes of the PyTorch peer
/// (tests/MusicGen.Benchmarks/peers/torch_peer.py), so the two can be compared side by side: warm-up steps (at least
/// 2 and at least 1 s, so a 5 ms step is timed after the JIT has optimized it), then <c>steps</c> timed steps of
/// ZeroGrad → forward → loss → Backward → Step on one fixed random batch. Without a step count, as many steps as take
/// about 3 s (at least 10): 10 steps of pitch-step-duration last 50 ms, and repeated runs of that varied by 30 %.
/// </summary>
internal static class TrainBenchmark
{
    /// <summary>The preset ids this benchmark knows, as torch_peer.py names them.</summary>
    public static IReadOnlyList<string> Presets { get; } = ["pitch-step-duration", "chord-stacked-lstm", "notes-and-chords"];

    /// <summary>Fewest warm-up steps before timing (torch_peer.py uses 2).</summary>
    public const int WarmupSteps = 2;

    /// <summary>Shortest warm-up; the peer in this process warms up by the same rule.</summary>
    public static readonly TimeSpan WarmupTime = TimeSpan.FromSeconds(1);

    /// <summary>About how long the timed steps last when no count is given.</summary>
    public static readonly TimeSpan TimedTarget = TimeSpan.FromSeconds(3);

    /// <summary>Fewest timed steps when no count is given.</summary>
    public const int MinTimedSteps = 10;

    /// <summary>Runs the benchmark; <paramref name="threads"/> caps the kernel threads (null: all cores);
    /// <paramref name="steps"/> null times as many steps as take about <see cref="TimedTarget"/>.</summary>
    /// <exception cref="ArgumentException">Unknown preset, or batch/steps below 1.</exception>
    public static TrainBenchResult Run(string preset, int batch = 64, int? steps = 10, int? threads = null, bool profile = false)
    {
        if (batch < 1) throw new ArgumentOutOfRangeException(nameof(batch), batch, "batch must be ≥ 1");
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, "steps must be ≥ 1");
        var task = CreateTask(preset, batch);
        var previousLimit = KernelThreads.Limit;
        if (threads is { } n) KernelThreads.Limit = n;
        try
        {
            task.Model.Train();
            var warmup = 0;
            var warm = Stopwatch.StartNew();
            var last = TimeSpan.Zero;
            while (warmup < WarmupSteps || warm.Elapsed < WarmupTime)
            {
                Runtime.Interruption.ThrowIfRequested();
                var before = warm.Elapsed;
                TrainStep(task);
                last = warm.Elapsed - before;
                warmup++;
            }
            var timed = steps ?? TimedSteps(last);
            var (parallelBefore, soloBefore) = (KernelThreads.ParallelJobs, KernelThreads.SoloJobs);
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            if (profile) StepProfiler.Start(); // --profile: time the steps by phase (lib/MusicGen/Nn/Kernels/StepProfiler.cs)
            var clock = Stopwatch.StartNew();
            var loss = 0f;
            for (var i = 0; i < timed; i++) { Runtime.Interruption.ThrowIfRequested(); loss = TrainStep(task); }
            var seconds = clock.Elapsed.TotalSeconds;
            if (profile) StepProfiler.Stop();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            return new TrainBenchResult
            {
                Preset = preset,
                Batch = batch,
                StepsPerSecond = timed / seconds,
                SequencesPerSecond = timed * batch / seconds,
                Parameters = task.Model.ParameterCount(),
                Steps = timed,
                WarmupSteps = warmup,
                Threads = KernelThreads.Limit,
                Gflops = task.FlopsPerStep * timed / seconds / 1e9,
                PeakWorkingSetBytes = process.PeakWorkingSet64,
                AllocatedBytesPerStep = (double)allocated / timed,
                Loss = loss,
                ParallelJobFraction = Fraction(KernelThreads.ParallelJobs - parallelBefore, KernelThreads.SoloJobs - soloBefore),
            };
        }
        finally
        {
            KernelThreads.Limit = previousLimit;
        }
    }

    /// <summary>Timed steps for about <see cref="TimedTarget"/> at the last warm-up step's time (at least <see cref="MinTimedSteps"/>).</summary>
    internal static int TimedSteps(TimeSpan stepTime) =>
        (int)Math.Clamp(Math.Ceiling(TimedTarget.TotalSeconds / Math.Max(stepTime.TotalSeconds, 1e-6)), MinTimedSteps, 100_000);

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
