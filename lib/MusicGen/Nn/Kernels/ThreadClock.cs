using System.Diagnostics;
using System.Runtime.InteropServices;

namespace MusicGen.Nn.Kernels;

/// <summary>
/// The calling thread's CPU time (Linux <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>, nanosecond resolution): time the
/// thread was running, without the time other processes had the core. On a shared machine the FMA peak of
/// <c>musicgen bench peak</c> is timed with it, and <see cref="StepProfiler"/> reports it beside wall time.
/// </summary>
internal static partial class ThreadClock
{
    const int ClockThreadCpuTimeId = 3; // <time.h> on Linux

    [StructLayout(LayoutKind.Sequential)]
    struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out Timespec time);

    static readonly bool s_available = Probe();

    /// <summary>True when <see cref="Seconds"/> is thread CPU time, false when it is wall time.</summary>
    public static bool IsCpuTime => s_available;

    /// <summary>Thread CPU time in nanoseconds, or 0 where there is no such clock (only differences mean anything).</summary>
    public static long CpuNanoseconds() =>
        s_available && ClockGetTime(ClockThreadCpuTimeId, out var t) == 0 ? t.Seconds * 1_000_000_000 + t.Nanoseconds : 0;

    /// <summary>A reading in seconds (wall time where there is no thread CPU clock); only differences of two readings on the same thread mean anything.</summary>
    public static double Seconds()
    {
        if (s_available && ClockGetTime(ClockThreadCpuTimeId, out var t) == 0) return t.Seconds + t.Nanoseconds * 1e-9;
        return Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
    }

    static bool Probe()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try { return ClockGetTime(ClockThreadCpuTimeId, out _) == 0; }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return false; }
    }
}
