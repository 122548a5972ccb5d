using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Nn.Kernels;

/// <summary>
/// exp, sigmoid and tanh on Vector256&lt;float&gt; (and Vector512, lane for lane the same) for the fused LSTM cell (one pass over the gates
/// instead of one TensorPrimitives call per gate and row). Accuracy is tested against
/// <see cref="Math.Exp"/> and <see cref="Math.Tanh"/> in SimdMathTests: a few float ulps.
/// </summary>
internal static class SimdMath
{
    // Cody–Waite split of ln 2 (hi part exact in float) and the Cephes expf polynomial on
    // [−ln2/2, ln2/2] (S. L. Moshier, Cephes Math Library, expf.c): e^r ≈ 1 + r + r²·P(r).
    const float Ln2Hi = 0.693359375f, Ln2Lo = -2.12194440e-4f, Log2E = 1.44269504088896341f;
    const float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f;
    const float P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;

    // tanh(x) ≈ x + x³·Q(x²) for |x| < 0.5: a degree-4 Chebyshev fit of (tanh x − x)/x³ in x²
    // (tests/scripts/kernels/fit_tanh.py, max relative error 6e-8 in float).
    const float Q0 = -0.3333333296200342f, Q1 = 0.13333250904579488f, Q2 = -0.05393923822203475f;
    const float Q3 = 0.02151213093975592f, Q4 = -0.007034500134377994f;

    /// <summary>e^x, clamped to the finite float range (x ∈ [−87.3, 88]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        x = Vector256.Min(Vector256.Max(x, Vector256.Create(-87.3f)), Vector256.Create(88f));
        var n = Vector256.Round(x * Vector256.Create(Log2E));
        var r = Fmadd(n, Vector256.Create(-Ln2Hi), x);
        r = Fmadd(n, Vector256.Create(-Ln2Lo), r);
        var p = Fmadd(Vector256.Create(P0), r, Vector256.Create(P1));
        p = Fmadd(p, r, Vector256.Create(P2));
        p = Fmadd(p, r, Vector256.Create(P3));
        p = Fmadd(p, r, Vector256.Create(P4));
        p = Fmadd(p, r, Vector256.Create(P5));
        var y = Fmadd(r * r, p, r + Vector256<float>.One);
        // y·2ⁿ by adding n to the exponent field.
        return (y.AsInt32() + (Vector256.ConvertToInt32(n) << 23)).AsSingle();
    }

    /// <summary>
    /// σ(x) = 1 / (1 + e^−x), flushed to 0 below x = ln(FLT_MIN) ≈ −87.34, where σ(x) is smaller than the smallest
    /// normal float. A saturated gate otherwise yields a subnormal, and every product with it (i·g, the cell, the
    /// backward i(1 − i)) is subnormal arithmetic, many times slower: a benchmark run of pitch-step-duration whose gates
    /// saturated after a few hundred steps spent 0.7 instead of 0.3 ms a step in the LSTM cell backward.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) =>
        Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(SigmoidFlushBelow)), Vector256<float>.Zero,
            Vector256<float>.One / (Vector256<float>.One + Exp(-x)));

    /// <summary>2⁻⁶⁰: below it tanh x rounds to x.</summary>
    const float TinyTanh = 8.6736174e-19f;

    /// <summary>The smallest normal float (FLT_MIN).</summary>
    internal const float MinNormal = 1.17549435e-38f;

    /// <summary>
    /// v with its subnormal elements (|v| &lt; FLT_MIN) set to 0. The LSTM cell stores its states and gradients through
    /// this: a gradient that fades through saturated gates over the steps of BPTT otherwise turns subnormal and every
    /// later step computes with it at a fraction of the speed (x86 has no per-thread flush-to-zero .NET can set).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> FlushSubnormal(Vector256<float> v) =>
        Vector256.ConditionalSelect(Vector256.LessThan(Vector256.Abs(v), Vector256.Create(MinNormal)), Vector256<float>.Zero, v);

    /// <summary>Scalar <see cref="FlushSubnormal(Vector256{float})"/> for loop tails.</summary>
    public static float FlushSubnormal(float v) => MathF.Abs(v) < MinNormal ? 0f : v;

    /// <summary>ln(FLT_MIN): below it σ(x) &lt; 1.18e-38 is returned as 0.</summary>
    internal const float SigmoidFlushBelow = -87.33654f;

    /// <summary>tanh(x): odd polynomial near 0 (keeps relative accuracy), 1 − 2/(e^{2|x|} + 1) elsewhere.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        var ax = Vector256.Abs(x);
        // Below 2⁻⁶⁰, tanh x = x in float; the polynomial would square x into a subnormal (slow arithmetic) for nothing.
        var xp = Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(TinyTanh)), Vector256<float>.Zero, x);
        var u = xp * xp;
        var q = Fmadd(Vector256.Create(Q4), u, Vector256.Create(Q3));
        q = Fmadd(q, u, Vector256.Create(Q2));
        q = Fmadd(q, u, Vector256.Create(Q1));
        q = Fmadd(q, u, Vector256.Create(Q0));
        var small = Fmadd(xp * u, q, x);
        // tanh(9) rounds to 1 in float; clamping keeps e^{2|x|} finite.
        var e = Exp(Vector256.Create(2f) * Vector256.Min(ax, Vector256.Create(9f)));
        var large = Vector256<float>.One - Vector256.Create(2f) / (e + Vector256<float>.One);
        large = Vector256.CopySign(large, x);
        return Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(0.5f)), small, large);
    }

    /// <summary>x·y + a, fused where the CPU has FMA.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> Fmadd(Vector256<float> x, Vector256<float> y, Vector256<float> a) =>
        System.Runtime.Intrinsics.X86.Fma.IsSupported ? System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(x, y, a) : x * y + a;

    /// <summary>destination[j] = σ(x[j] + bias[j]) over a row, in place allowed; short loops let the CPU overlap iterations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SigmoidBiased(ref float x, ref float bias, int length)
    {
        var j = 0;
        for (; j <= length - 8; j += 8)
            Sigmoid(Vector256.LoadUnsafe(ref x, (nuint)j) + Vector256.LoadUnsafe(ref bias, (nuint)j)).StoreUnsafe(ref x, (nuint)j);
        for (; j < length; j++) Unsafe.Add(ref x, j) = Sigmoid(Unsafe.Add(ref x, j) + Unsafe.Add(ref bias, j));
    }

    /// <summary>x[j] = tanh(x[j] + bias[j]) over a row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void TanhBiased(ref float x, ref float bias, int length)
    {
        var j = 0;
        for (; j <= length - 8; j += 8)
            Tanh(Vector256.LoadUnsafe(ref x, (nuint)j) + Vector256.LoadUnsafe(ref bias, (nuint)j)).StoreUnsafe(ref x, (nuint)j);
        for (; j < length; j++) Unsafe.Add(ref x, j) = MathF.Tanh(Unsafe.Add(ref x, j) + Unsafe.Add(ref bias, j));
    }

    // The same functions on Vector512, operation for operation, so each lane computes exactly what the Vector256
    // versions compute (the LSTM cell gives the same bits on either path; SimdMathTests checks it). Zen 4 runs a
    // 512-bit operation in two halves, but the cell is bound by issuing instructions, which halve: 16×128 cells of
    // the forward cell in 5.3 µs against 8.1 (2026-12-07).

    /// <summary><see cref="Exp(Vector256{float})"/> on 16 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        x = Vector512.Min(Vector512.Max(x, Vector512.Create(-87.3f)), Vector512.Create(88f));
        var n = Vector512.Round(x * Vector512.Create(Log2E));
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Hi), x);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Lo), r);
        var p = Vector512.FusedMultiplyAdd(Vector512.Create(P0), r, Vector512.Create(P1));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P2));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P3));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P4));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P5));
        var y = Vector512.FusedMultiplyAdd(r * r, p, r + Vector512<float>.One);
        return (y.AsInt32() + (Vector512.ConvertToInt32(n) << 23)).AsSingle();
    }

    /// <summary><see cref="Sigmoid(Vector256{float})"/> on 16 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x) =>
        Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(SigmoidFlushBelow)), Vector512<float>.Zero,
            Vector512<float>.One / (Vector512<float>.One + Exp(-x)));

    /// <summary><see cref="FlushSubnormal(Vector256{float})"/> on 16 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> FlushSubnormal(Vector512<float> v) =>
        Vector512.ConditionalSelect(Vector512.LessThan(Vector512.Abs(v), Vector512.Create(MinNormal)), Vector512<float>.Zero, v);

    /// <summary><see cref="Tanh(Vector256{float})"/> on 16 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        var ax = Vector512.Abs(x);
        var xp = Vector512.ConditionalSelect(Vector512.LessThan(ax, Vector512.Create(TinyTanh)), Vector512<float>.Zero, x);
        var u = xp * xp;
        var q = Vector512.FusedMultiplyAdd(Vector512.Create(Q4), u, Vector512.Create(Q3));
        q = Vector512.FusedMultiplyAdd(q, u, Vector512.Create(Q2));
        q = Vector512.FusedMultiplyAdd(q, u, Vector512.Create(Q1));
        q = Vector512.FusedMultiplyAdd(q, u, Vector512.Create(Q0));
        var small = Vector512.FusedMultiplyAdd(xp * u, q, x);
        var e = Exp(Vector512.Create(2f) * Vector512.Min(ax, Vector512.Create(9f)));
        var large = Vector512<float>.One - Vector512.Create(2f) / (e + Vector512<float>.One);
        large = Vector512.CopySign(large, x);
        return Vector512.ConditionalSelect(Vector512.LessThan(ax, Vector512.Create(0.5f)), small, large);
    }

    /// <summary>Scalar σ(x) for loop tails.</summary>
    public static float Sigmoid(float x) => x < SigmoidFlushBelow ? 0f : 1f / (1f + MathF.Exp(-x));
}
