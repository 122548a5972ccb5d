using BenchmarkDotNet.Attributes;
using MusicGen.Runtime;

namespace MusicGen.Benchmarks;

/// <summary>
/// What the notebook engine's interruption check costs (MusicGen.Notebooks InterruptionRewriter): the exact
/// statement it puts in every loop body and at the start of every method of a cell,
/// <c>if (Interruption.Pending) Interruption.ThrowIfRequested();</c>, in the tightest loop a student writes
/// (<c>for (…) x++</c>-like work) and in a call-heavy recursion (Fib), each against the same code without it.
/// Run: <c>dotnet run -c Release --project tests/MusicGen.Benchmarks -- --filter '*InterruptionCheck*'</c>.
/// </summary>
public class InterruptionCheckBenchmarks
{
    private const int N = 1_000_000;

    [Benchmark(Baseline = true, OperationsPerInvoke = N)]
    public long Loop()
    {
        long x = 0;
        for (int i = 0; i < N; i++) x += i ^ (x >> 3);
        return x;
    }

    [Benchmark(OperationsPerInvoke = N)]
    public long LoopWithCheck()
    {
        long x = 0;
        for (int i = 0; i < N; i++)
        {
            if (Interruption.Pending) Interruption.ThrowIfRequested();
            x += i ^ (x >> 3);
        }
        return x;
    }

    [Benchmark]
    public long Fib() => FibPlain(25);

    [Benchmark]
    public long FibWithCheck() => FibChecked(25);

    /// <summary>Not compiled into cells: EnsureSufficientExecutionStack would turn a stack overflow (fatal to the
    /// kernel) into an exception, but it is a runtime call per method entry, several times the cost of the check.</summary>
    [Benchmark]
    public long FibWithCheckAndStackGuard() => FibGuarded(25);

    private static long FibGuarded(int n)
    {
        if (Interruption.Pending) Interruption.ThrowIfRequested();
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        return n < 2 ? n : FibGuarded(n - 1) + FibGuarded(n - 2);
    }

    private static long FibPlain(int n) => n < 2 ? n : FibPlain(n - 1) + FibPlain(n - 2);

    private static long FibChecked(int n)
    {
        if (Interruption.Pending) Interruption.ThrowIfRequested();
        return n < 2 ? n : FibChecked(n - 1) + FibChecked(n - 2);
    }
}
