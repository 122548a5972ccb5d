using System.Diagnostics;
using System.Globalization;
using MusicGen.Nn.Kernels;

namespace MusicGen.Cli.Bench;

/// <summary>
/// <c>musicgen bench peak</c>: this machine's FP32 FMA peak (<see cref="FmaLoop"/>, each vector width the CPU has) and
/// memory bandwidth (<see cref="MemoryLoop"/>), on one thread and on two at once. Every figure is the best of many
/// short repetitions. The FMA loop is timed in thread CPU time (<see cref="ThreadClock"/>): time slices other processes
/// take from the core do not count, and a register-only loop loses nothing else to them (one thread per core here, no
/// shared resource), so the peak is the core's even on a busy machine; two cores = two threads running at once, each
/// rate on its own CPU time, summed. Memory loops use wall time: two threads share the memory bus only while both run.
/// </summary>
internal static class PeakBenchmark
{
    /// <summary>Floats per memory array: 3 × 64 MiB, well beyond the last-level cache.</summary>
    public const int MemoryFloats = 16 << 20;

    /// <summary>Measures everything; <paramref name="budgetSeconds"/> bounds the repetitions of each figure.</summary>
    public static PeakBenchResult Run(double budgetSeconds = 0.3, bool memory = true)
    {
        var fma = FmaLoop.Widths.Select(bits => new FmaPeak
        {
            Bits = bits,
            Gflops1 = FmaGflops(bits, 1, budgetSeconds),
            Gflops2 = Environment.ProcessorCount >= 2 ? FmaGflops(bits, 2, budgetSeconds) : 0,
        }).ToArray();
        double copy1 = 0, copy2 = 0, triad1 = 0, triad2 = 0;
        if (memory)
        {
            var (a, b, c) = (new float[MemoryFloats], new float[MemoryFloats], new float[MemoryFloats]);
            for (int i = 0; i < MemoryFloats; i++) (a[i], b[i], c[i]) = (0f, i & 1023, 1f);
            double bytes = MemoryFloats * 4.0;
            double Copy(int threads) => 2 * bytes / Best(threads, budgetSeconds, 3, (t, n) => Part(t, n, (s, k) => MemoryLoop.Copy(a, b, s, k))) / 1e9;
            double Triad(int threads) => 3 * bytes / Best(threads, budgetSeconds, 3, (t, n) => Part(t, n, (s, k) => MemoryLoop.Triad(a, b, c, 3f, s, k))) / 1e9;
            (copy1, triad1) = (Copy(1), Triad(1));
            if (Environment.ProcessorCount >= 2) (copy2, triad2) = (Copy(2), Triad(2));
        }
        return new PeakBenchResult
        {
            Fma = fma,
            PeakGflops1 = fma.Length == 0 ? 0 : fma.Max(f => f.Gflops1),
            PeakGflops2 = fma.Length == 0 ? 0 : fma.Max(f => f.Gflops2),
            CopyGbs1 = copy1, CopyGbs2 = copy2, TriadGbs1 = triad1, TriadGbs2 = triad2,
            MemoryFloats = memory ? MemoryFloats : 0,
            Cpu = CpuName(),
            Processors = Environment.ProcessorCount,
            LoadAverage = PianoRollNllBenchmark.ReadLoadAverage(),
            FmaTiming = ThreadClock.IsCpuTime ? "thread CPU time" : "wall time",
            Date = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The two-thread FMA peak of the widest vector only (what <c>bench train</c> needs, in about 0.3 s).</summary>
    public static double TwoCorePeakGflops(double budgetSeconds = 0.15) =>
        FmaLoop.Widths.Count == 0 ? 0 : FmaLoop.Widths.Max(bits => FmaGflops(bits, Math.Min(2, Environment.ProcessorCount), budgetSeconds));

    /// <summary>GFLOP/s of the FMA loop at <paramref name="bits"/> on <paramref name="threads"/> threads at once.</summary>
    static double FmaGflops(int bits, int threads, double budgetSeconds)
    {
        FmaLoop.Run(bits, 1000); // JIT
        long iterations = 1000;
        // Calibrate to about 1 ms of CPU time per repetition.
        while (true)
        {
            var start = ThreadClock.Seconds();
            FmaLoop.Run(bits, iterations);
            if (ThreadClock.Seconds() - start >= 1e-3 || iterations > 1L << 40) break;
            iterations *= 2;
        }
        var seconds = Best(threads, budgetSeconds, 20, (_, _) => FmaLoop.Run(bits, iterations), ThreadClock.Seconds, sum: true);
        return FmaLoop.Flops(bits, iterations) / seconds / 1e9;
    }

    /// <summary>Thread t of n works on its share of the arrays.</summary>
    static void Part(int t, int n, Action<int, int> body)
    {
        int share = MemoryFloats / n;
        body(t * share, t == n - 1 ? MemoryFloats - t * share : share);
    }

    /// <summary>The shortest time of one repetition of <paramref name="body"/>(thread, threads) run on
    /// <paramref name="threads"/> threads started together, read on <paramref name="clock"/> (default wall time): the
    /// slowest thread's, or with <paramref name="sum"/> the harmonic sum 1 / Σ(1/tᵢ) — the time of one thread's work at
    /// the threads' summed rate. Repeats until the budget is spent and at least <paramref name="minRepetitions"/> ran.</summary>
    static double Best(int threads, double budgetSeconds, int minRepetitions, Action<int, int> body, Func<double>? clock = null, bool sum = false)
    {
        clock ??= () => Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
        double best = double.MaxValue;
        var total = Stopwatch.StartNew();
        if (threads == 1)
        {
            body(0, 1); // warm-up
            for (int r = 0; total.Elapsed.TotalSeconds < budgetSeconds || r < minRepetitions; r++)
            {
                var start = clock();
                body(0, 1);
                best = Math.Min(best, clock() - start);
            }
            return best;
        }
        using var barrier = new Barrier(threads);
        var times = new double[threads];
        bool stop = false;
        int repetitions = 0;
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            body(t, threads); // warm-up
            while (true)
            {
                barrier.SignalAndWait();
                if (Volatile.Read(ref stop)) return;
                var start = clock();
                body(t, threads);
                times[t] = clock() - start;
                barrier.SignalAndWait();
                if (t == 0)
                {
                    best = Math.Min(best, sum ? 1 / times.Sum(x => 1 / x) : times.Max());
                    repetitions++;
                    if (total.Elapsed.TotalSeconds >= budgetSeconds && repetitions >= minRepetitions) Volatile.Write(ref stop, true);
                }
            }
        }) { IsBackground = true }).ToArray();
        foreach (var w in workers) w.Start();
        foreach (var w in workers) w.Join();
        return best;
    }

    static string? CpuName()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}
