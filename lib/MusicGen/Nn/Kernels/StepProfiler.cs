using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace MusicGen.Nn.Kernels;

/// <summary>
/// Where a training step's time goes, by phase (<c>musicgen bench train --profile</c>). Phases are exclusive: the
/// clock of the innermost phase runs, so the rows add up to the measured time. Only the thread that called
/// <see cref="Start"/> is timed (kernel workers run inside the caller's phases; the caller's wait for them is
/// <see cref="Phase.ThreadWait"/>). When off, each probe is one static read.
/// </summary>
internal static class StepProfiler
{
    /// <summary>What the profiled thread is doing.</summary>
    internal enum Phase
    {
        /// <summary>Forward pass outside the kernels below: tape, element-wise ops, loss, copies.</summary>
        ForwardOther,
        /// <summary>Backward pass outside the kernels below: tape walk, element-wise gradients, accumulation.</summary>
        BackwardOther,
        /// <summary>GEMMs outside the LSTM kernel (Linear forward and backward).</summary>
        LinearGemm,
        /// <summary>LSTM input projection X·W_ihᵀ for all steps.</summary>
        LstmInputGemm,
        /// <summary>LSTM recurrent h·W_hhᵀ, one per step.</summary>
        LstmRecurrentGemm,
        /// <summary>LSTM fused cell forward (gate nonlinearities, c, tanh c, h).</summary>
        LstmCellForward,
        /// <summary>LSTM fused cell backward (dGates, dc, bias gradient).</summary>
        LstmCellBackward,
        /// <summary>LSTM backward dh = dGates·W_hh, one per step.</summary>
        LstmRecurrentGemmBackward,
        /// <summary>LSTM forward recurrence split by batch rows (GEMMs and cell, all steps, one fork-join).</summary>
        LstmRecurrence,
        /// <summary>LSTM backward recurrence split by batch rows (cell backward and dh GEMMs, all steps).</summary>
        LstmRecurrenceBackward,
        /// <summary>LSTM dx over all steps.</summary>
        LstmWeightGemms,
        /// <summary>LSTM dW_ih over all steps.</summary>
        LstmInputWeightGemm,
        /// <summary>LSTM dW_hh over all steps.</summary>
        LstmRecurrentWeightGemm,
        /// <summary>Packing W_hh once per pass, copies in and out of the LSTM workspace, bias sums.</summary>
        LstmOther,
        /// <summary>The caller spinning for kernel workers to finish their share.</summary>
        ThreadWait,
        /// <summary>Optimizer.ZeroGrad.</summary>
        ZeroGrad,
        /// <summary>Dropout forward: drawing the mask and applying it (one thread: the draws are one sequential stream).</summary>
        Dropout,
        /// <summary>Optimizer.Step.</summary>
        Optimizer,
    }

    const int Count = (int)Phase.Optimizer + 1;

    static volatile bool s_enabled;
    static int s_owner;
    static Phase s_current;
    static long s_last, s_lastCpu, s_started, s_allocatedAtStart;
    static readonly long[] s_ticks = new long[Count];
    static readonly long[] s_cpuNanoseconds = new long[Count];
    static readonly long[] s_entries = new long[Count];

    /// <summary>Starts (or restarts) timing on the calling thread from <see cref="Phase.ForwardOther"/>.</summary>
    public static void Start()
    {
        Array.Clear(s_ticks);
        Array.Clear(s_cpuNanoseconds);
        Array.Clear(s_entries);
        s_lastCpu = ThreadClock.CpuNanoseconds();
        s_owner = Environment.CurrentManagedThreadId;
        s_current = Phase.ForwardOther;
        s_allocatedAtStart = GC.GetTotalAllocatedBytes(precise: true);
        s_last = s_started = Stopwatch.GetTimestamp();
        s_enabled = true;
    }

    /// <summary>Stops timing; the totals stay for <see cref="Report"/>.</summary>
    public static void Stop()
    {
        if (!s_enabled) return;
        Account(Stopwatch.GetTimestamp());
        s_enabled = false;
        s_allocatedAtStart = GC.GetTotalAllocatedBytes(precise: true) - s_allocatedAtStart;
    }

    /// <summary>Whether probes on this thread count.</summary>
    static bool Active
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => s_enabled && Environment.CurrentManagedThreadId == s_owner;
    }

    /// <summary>Switches to <paramref name="phase"/>; returns the phase to restore with <see cref="Exit"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Phase Enter(Phase phase) => Active ? Switch(phase) : phase;

    /// <summary>Like <see cref="Enter"/>, but only from the generic forward/backward phases (a GEMM inside the
    /// LSTM kernel keeps the kernel's finer phase).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Phase EnterFromOther(Phase phase) =>
        Active && s_current is Phase.ForwardOther or Phase.BackwardOther ? Switch(phase) : s_enabled ? s_current : phase;

    /// <summary>Returns to the phase <see cref="Enter"/> returned.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Exit(Phase previous)
    {
        if (Active) Switch(previous, count: false);
    }

    static Phase Switch(Phase phase, bool count = true)
    {
        Account(Stopwatch.GetTimestamp());
        var previous = s_current;
        s_current = phase;
        if (count) s_entries[(int)phase]++;
        return previous;
    }

    static void Account(long now)
    {
        s_ticks[(int)s_current] += now - s_last;
        s_last = now;
        var cpu = ThreadClock.CpuNanoseconds();
        s_cpuNanoseconds[(int)s_current] += cpu - s_lastCpu;
        s_lastCpu = cpu;
    }

    /// <summary>A table: phase, ms per step, share of the step, entries per step; then allocation per step.</summary>
    public static string Report(int steps)
    {
        var total = s_ticks.Sum();
        var sb = new StringBuilder();
        var ms = 1000.0 / Stopwatch.Frequency / Math.Max(1, steps);
        sb.AppendLine(CultureInfo.InvariantCulture, $"  {"phase",-27} {"ms/step",8} {"share",7} {"calls/step",11} {"cpu ms/step",12}");
        for (var i = 0; i < Count; i++)
        {
            if (s_ticks[i] == 0 && s_entries[i] == 0) continue;
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"  {(Phase)i,-27} {s_ticks[i] * ms,8:F3} {100.0 * s_ticks[i] / Math.Max(1, total),6:F1}% {(double)s_entries[i] / Math.Max(1, steps),11:F1} {s_cpuNanoseconds[i] / 1e6 / Math.Max(1, steps),12:F3}");
        }
        sb.AppendLine(CultureInfo.InvariantCulture, $"  {"total",-27} {total * ms,8:F3} {100.0,6:F1}% {"",11} {s_cpuNanoseconds.Sum() / 1e6 / Math.Max(1, steps),12:F3}");
        sb.AppendLine("  (ms/step: wall clock; cpu ms/step: CPU time of the calling thread, without time it was descheduled)");
        sb.Append(CultureInfo.InvariantCulture, $"  allocated: {s_allocatedAtStart / 1024.0 / Math.Max(1, steps):F1} KiB/step (managed, all threads)");
        return sb.ToString();
    }
}
