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

    static Vector128<float> Init128(int j) => Vector128.Create(Start(j, 0), Start(j, 1), Start(j, 2), Start(j, 3));

    static Vector256<float> Init256(int j) => Vector256.Create(Init128(j), Vector128.Create(Start(j, 4), Start(j, 5), Start(j, 6), Start(j, 7)));

    static Vector512<float> Init512(int j) => Vector512.Create(Init256(j),
        Vector256.Create(Start(j, 8), Start(j, 9), Start(j, 10), Start(j, 11), Start(j, 12), Start(j, 13), Start(j, 14), Start(j, 15)));

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    static float[] Run128(long iterations)
    {
        var m = Vector128.Create(M); var a = Vector128.Create(A);
        Vector128<float> a0 = Init128(0), a1 = Init128(1), a2 = Init128(2), a3 = Init128(3), a4 = Init128(4), a5 = Init128(5),
            a6 = Init128(6), a7 = Init128(7), a8 = Init128(8), a9 = Init128(9), a10 = Init128(10), a11 = Init128(11);
        for (long i = 0; i < iterations; i++)
        {
            a0 = Fma.MultiplyAdd(a0, m, a); a1 = Fma.MultiplyAdd(a1, m, a); a2 = Fma.MultiplyAdd(a2, m, a);
            a3 = Fma.MultiplyAdd(a3, m, a); a4 = Fma.MultiplyAdd(a4, m, a); a5 = Fma.MultiplyAdd(a5, m, a);
            a6 = Fma.MultiplyAdd(a6, m, a); a7 = Fma.MultiplyAdd(a7, m, a); a8 = Fma.MultiplyAdd(a8, m, a);
            a9 = Fma.MultiplyAdd(a9, m, a); a10 = Fma.MultiplyAdd(a10, m, a); a11 = Fma.MultiplyAdd(a11, m, a);
        }
        var r = new float[Accumulators * 4];
        var all = new[] { a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11 };
        for (int j = 0; j < Accumulators; j++) all[j].CopyTo(r, j * 4);
        return r;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    static float[] Run256(long iterations)
    {
        var m = Vector256.Create(M); var a = Vector256.Create(A);
        Vector256<float> a0 = Init256(0), a1 = Init256(1), a2 = Init256(2), a3 = Init256(3), a4 = Init256(4), a5 = Init256(5),
            a6 = Init256(6), a7 = Init256(7), a8 = Init256(8), a9 = Init256(9), a10 = Init256(10), a11 = Init256(11);
        for (long i = 0; i < iterations; i++)
        {
            a0 = Fma.MultiplyAdd(a0, m, a); a1 = Fma.MultiplyAdd(a1, m, a); a2 = Fma.MultiplyAdd(a2, m, a);
            a3 = Fma.MultiplyAdd(a3, m, a); a4 = Fma.MultiplyAdd(a4, m, a); a5 = Fma.MultiplyAdd(a5, m, a);
            a6 = Fma.MultiplyAdd(a6, m, a); a7 = Fma.MultiplyAdd(a7, m, a); a8 = Fma.MultiplyAdd(a8, m, a);
            a9 = Fma.MultiplyAdd(a9, m, a); a10 = Fma.MultiplyAdd(a10, m, a); a11 = Fma.MultiplyAdd(a11, m, a);
        }
        var r = new float[Accumulators * 8];
        var all = new[] { a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11 };
        for (int j = 0; j < Accumulators; j++) all[j].CopyTo(r, j * 8);
        return r;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    static float[] Run512(long iterations)
    {
        var m = Vector512.Create(M); var a = Vector512.Create(A);
        Vector512<float> a0 = Init512(0), a1 = Init512(1), a2 = Init512(2), a3 = Init512(3), a4 = Init512(4), a5 = Init512(5),
            a6 = Init512(6), a7 = Init512(7), a8 = Init512(8), a9 = Init512(9), a10 = Init512(10), a11 = Init512(11);
        for (long i = 0; i < iterations; i++)
        {
            a0 = Avx512F.FusedMultiplyAdd(a0, m, a); a1 = Avx512F.FusedMultiplyAdd(a1, m, a); a2 = Avx512F.FusedMultiplyAdd(a2, m, a);
            a3 = Avx512F.FusedMultiplyAdd(a3, m, a); a4 = Avx512F.FusedMultiplyAdd(a4, m, a); a5 = Avx512F.FusedMultiplyAdd(a5, m, a);
            a6 = Avx512F.FusedMultiplyAdd(a6, m, a); a7 = Avx512F.FusedMultiplyAdd(a7, m, a); a8 = Avx512F.FusedMultiplyAdd(a8, m, a);
            a9 = Avx512F.FusedMultiplyAdd(a9, m, a); a10 = Avx512F.FusedMultiplyAdd(a10, m, a); a11 = Avx512F.FusedMultiplyAdd(a11, m, a);
        }
        var r = new float[Accumulators * 16];
        var all = new[] { a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11 };
        for (int j = 0; j < Accumulators; j++) all[j].CopyTo(r, j * 16);
        return r;
    }
}
