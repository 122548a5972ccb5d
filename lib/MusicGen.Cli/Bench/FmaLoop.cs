using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MusicGen.Cli.Bench;

/// <summary>
/// The register-only FMA loop of <c>musicgen bench peak</c>: <see cref="Accumulators"/> independent vectors each
/// updated acc = acc·m + a per iteration (one fused multiply-add, 2 FLOPs per lane), no memory access inside the loop.
/// Twelve chains cover FMA latency × FMA ports on current x86 cores (4 cycles × 2 ports needs 8 in flight).
/// <see cref="Expected"/> is the naive reference: the same recurrence per lane in scalar
/// <see cref="MathF.FusedMultiplyAdd"/>, bit for bit equal because a fused multiply-add rounds once whether it runs on
/// one lane or sixteen — FmaLoopTests checks it, so the timed work is really done.
/// </summary>
internal static class FmaLoop
{
    /// <summary>Independent accumulator vectors.</summary>
    public const int Accumulators = 12;

    /// <summary>The multiplier and addend: acc converges to a / (1 − m) = 1, so values stay normal floats.</summary>
    public const float M = 0.999f, A = 0.001f;

    /// <summary>The vector widths (bits) with a hardware FMA on this CPU: 128 and 256 with FMA3, 512 with AVX-512F.</summary>
    public static IReadOnlyList<int> Widths =>
        [.. Fma.IsSupported ? new[] { 128, 256 } : [], .. Avx512F.IsSupported ? new[] { 512 } : []];

    /// <summary>Starting value of accumulator j, lane l (distinct, so a lane mix-up shows).</summary>
    public static float Start(int j, int lane) => 0.01f * (j * 16 + lane);

    /// <summary>FLOPs of <paramref name="iterations"/> iterations at <paramref name="bits"/>: 2 per lane per FMA.</summary>
    public static double Flops(int bits, long iterations) => 2.0 * Accumulators * (bits / 32) * iterations;

    /// <summary>Runs the loop; returns the final accumulators, (Accumulators, lanes) row-major.</summary>
    public static float[] Run(int bits, long iterations) => bits switch
    {
        128 when Fma.IsSupported => Run128(iterations),
        256 when Fma.IsSupported => Run256(iterations),
        512 when Avx512F.IsSupported => Run512(iterations),
        _ => throw new PlatformNotSupportedException($"no {bits}-bit FMA on this CPU"),
    };

    /// <summary>The naive reference: scalar FMA per lane.</summary>
    public static float[] Expected(int bits, long iterations)
    {
        int lanes = bits / 32;
        var r = new float[Accumulators * lanes];
        for (int j = 0; j < Accumulators; j++)
            for (int l = 0; l < lanes; l++)
            {
                float x = Start(j, l);
                for (long i = 0; i < iterations; i++) x = MathF.FusedMultiplyAdd(x, M, A);
                r[j * lanes + l] = x;
            }
        return r;
    }

    /// <summary>Start values, (Accumulators, 16) row-major; loaded into the vectors (a call returning a vector would
    /// make the JIT keep the accumulators in memory, and the loop would no longer be register-only).</summary>
    static readonly float[] s_start = Enumerable.Range(0, Accumulators * 16).Select(i => Start(i / 16, i % 16)).ToArray();

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    static float[] Run128(long iterations)
    {
        var m = Vector128.Create(M); var a = Vector128.Create(A);
        var s = s_start;
        var r = new float[Accumulators * 4];
        Vector128<float> a0 = Vector128.LoadUnsafe(ref s[0], 0), a1 = Vector128.LoadUnsafe(ref s[0], 16), a2 = Vector128.LoadUnsafe(ref s[0], 32), a3 = Vector128.LoadUnsafe(ref s[0], 48), a4 = Vector128.LoadUnsafe(ref s[0], 64), a5 = Vector128.LoadUnsafe(ref s[0], 80),
            a6 = Vector128.LoadUnsafe(ref s[0], 96), a7 = Vector128.LoadUnsafe(ref s[0], 112), a8 = Vector128.LoadUnsafe(ref s[0], 128), a9 = Vector128.LoadUnsafe(ref s[0], 144), a10 = Vector128.LoadUnsafe(ref s[0], 160), a11 = Vector128.LoadUnsafe(ref s[0], 176);
        for (long i = 0; i < iterations; i++)
        {
            a0 = Fma.MultiplyAdd(a0, m, a); a1 = Fma.MultiplyAdd(a1, m, a); a2 = Fma.MultiplyAdd(a2, m, a);
            a3 = Fma.MultiplyAdd(a3, m, a); a4 = Fma.MultiplyAdd(a4, m, a); a5 = Fma.MultiplyAdd(a5, m, a);
            a6 = Fma.MultiplyAdd(a6, m, a); a7 = Fma.MultiplyAdd(a7, m, a); a8 = Fma.MultiplyAdd(a8, m, a);
            a9 = Fma.MultiplyAdd(a9, m, a); a10 = Fma.MultiplyAdd(a10, m, a); a11 = Fma.MultiplyAdd(a11, m, a);
        }
        // Stored one by one into an array allocated before the loop: a call (an allocation) while the vectors are live
        // after the loop makes the JIT write them to memory at every update inside it.
        a0.StoreUnsafe(ref r[0], 0); a1.StoreUnsafe(ref r[0], 4); a2.StoreUnsafe(ref r[0], 8); a3.StoreUnsafe(ref r[0], 12); a4.StoreUnsafe(ref r[0], 16); a5.StoreUnsafe(ref r[0], 20); a6.StoreUnsafe(ref r[0], 24); a7.StoreUnsafe(ref r[0], 28); a8.StoreUnsafe(ref r[0], 32); a9.StoreUnsafe(ref r[0], 36); a10.StoreUnsafe(ref r[0], 40); a11.StoreUnsafe(ref r[0], 44);
        return r;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    static float[] Run256(long iterations)
    {
        var m = Vector256.Create(M); var a = Vector256.Create(A);
        var s = s_start;
        var r = new float[Accumulators * 8];
        Vector256<float> a0 = Vector256.LoadUnsafe(ref s[0], 0), a1 = Vector256.LoadUnsafe(ref s[0], 16), a2 = Vector256.LoadUnsafe(ref s[0], 32), a3 = Vector256.LoadUnsafe(ref s[0], 48), a4 = Vector256.LoadUnsafe(ref s[0], 64), a5 = Vector256.LoadUnsafe(ref s[0], 80),
            a6 = Vector256.LoadUnsafe(ref s[0], 96), a7 = Vector256.LoadUnsafe(ref s[0], 112), a8 = Vector256.LoadUnsafe(ref s[0], 128), a9 = Vector256.LoadUnsafe(ref s[0], 144), a10 = Vector256.LoadUnsafe(ref s[0], 160), a11 = Vector256.LoadUnsafe(ref s[0], 176);
        for (long i = 0; i < iterations; i++)
        {
            a0 = Fma.MultiplyAdd(a0, m, a); a1 = Fma.MultiplyAdd(a1, m, a); a2 = Fma.MultiplyAdd(a2, m, a);
            a3 = Fma.MultiplyAdd(a3, m, a); a4 = Fma.MultiplyAdd(a4, m, a); a5 = Fma.MultiplyAdd(a5, m, a);
            a6 = Fma.MultiplyAdd(a6, m, a); a7 = Fma.MultiplyAdd(a7, m, a); a8 = Fma.MultiplyAdd(a8, m, a);
            a9 = Fma.MultiplyAdd(a9, m, a); a10 = Fma.MultiplyAdd(a10, m, a); a11 = Fma.MultiplyAdd(a11, m, a);
        }
        // Stored one by one into an array allocated before the loop: a call (an allocation) while the vectors are live
        // after the loop makes the JIT write them to memory at every update inside it.
        a0.StoreUnsafe(ref r[0], 0); a1.StoreUnsafe(ref r[0], 8); a2.StoreUnsafe(ref r[0], 16); a3.StoreUnsafe(ref r[0], 24); a4.StoreUnsafe(ref r[0], 32); a5.StoreUnsafe(ref r[0], 40); a6.StoreUnsafe(ref r[0], 48); a7.StoreUnsafe(ref r[0], 56); a8.StoreUnsafe(ref r[0], 64); a9.StoreUnsafe(ref r[0], 72); a10.StoreUnsafe(ref r[0], 80); a11.StoreUnsafe(ref r[0], 88);
        return r;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    static float[] Run512(long iterations)
    {
        var m = Vector512.Create(M); var a = Vector512.Create(A);
        var s = s_start;
        var r = new float[Accumulators * 16];
        Vector512<float> a0 = Vector512.LoadUnsafe(ref s[0], 0), a1 = Vector512.LoadUnsafe(ref s[0], 16), a2 = Vector512.LoadUnsafe(ref s[0], 32), a3 = Vector512.LoadUnsafe(ref s[0], 48), a4 = Vector512.LoadUnsafe(ref s[0], 64), a5 = Vector512.LoadUnsafe(ref s[0], 80),
            a6 = Vector512.LoadUnsafe(ref s[0], 96), a7 = Vector512.LoadUnsafe(ref s[0], 112), a8 = Vector512.LoadUnsafe(ref s[0], 128), a9 = Vector512.LoadUnsafe(ref s[0], 144), a10 = Vector512.LoadUnsafe(ref s[0], 160), a11 = Vector512.LoadUnsafe(ref s[0], 176);
        for (long i = 0; i < iterations; i++)
        {
            a0 = Avx512F.FusedMultiplyAdd(a0, m, a); a1 = Avx512F.FusedMultiplyAdd(a1, m, a); a2 = Avx512F.FusedMultiplyAdd(a2, m, a);
            a3 = Avx512F.FusedMultiplyAdd(a3, m, a); a4 = Avx512F.FusedMultiplyAdd(a4, m, a); a5 = Avx512F.FusedMultiplyAdd(a5, m, a);
            a6 = Avx512F.FusedMultiplyAdd(a6, m, a); a7 = Avx512F.FusedMultiplyAdd(a7, m, a); a8 = Avx512F.FusedMultiplyAdd(a8, m, a);
            a9 = Avx512F.FusedMultiplyAdd(a9, m, a); a10 = Avx512F.FusedMultiplyAdd(a10, m, a); a11 = Avx512F.FusedMultiplyAdd(a11, m, a);
        }
        // Stored one by one into an array allocated before the loop: a call (an allocation) while the vectors are live
        // after the loop makes the JIT write them to memory at every update inside it.
        a0.StoreUnsafe(ref r[0], 0); a1.StoreUnsafe(ref r[0], 16); a2.StoreUnsafe(ref r[0], 32); a3.StoreUnsafe(ref r[0], 48); a4.StoreUnsafe(ref r[0], 64); a5.StoreUnsafe(ref r[0], 80); a6.StoreUnsafe(ref r[0], 96); a7.StoreUnsafe(ref r[0], 112); a8.StoreUnsafe(ref r[0], 128); a9.StoreUnsafe(ref r[0], 144); a10.StoreUnsafe(ref r[0], 160); a11.StoreUnsafe(ref r[0], 176);
        return r;
    }
}
