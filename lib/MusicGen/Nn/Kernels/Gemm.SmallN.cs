using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Nn.Kernels;

internal static partial class Gemm
{
    /// <summary>At most this many columns go through dot/axpy loops instead of the tiled path.</summary>
    const int SmallNLimit = 4;

    [ThreadStatic] static float[]? t_smallN;

    /// <summary>
    /// C = alpha·op(A)·op(B) + beta·C for n ≤ 4 (an LSTM on 1-feature input: dW_ih is (4H, 1) from a
    /// (4H × T·B) by (T·B × 1) product). The tiled path would pack all of A to use 1 of 16 lanes; here A is
    /// streamed once: dot products of A's rows, or (for Aᵀ) axpy of A's rows into column accumulators.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void SmallN(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        // Columns of op(B), each contiguous: (n, k), followed by n column accumulators of length m.
        var need = n * k + (transA ? n * m : 0);
        var scratch = t_smallN is { } buffer && buffer.Length >= need ? buffer : t_smallN = GC.AllocateUninitializedArray<float>(Math.Max(need, 1024));
        var cols = scratch.AsSpan(0, n * k);
        for (var j = 0; j < n; j++)
            for (var p = 0; p < k; p++)
                cols[j * k + p] = transB ? b[j * ldb + p] : b[p * ldb + j];
        if (!transA)
        {
            for (var i = 0; i < m; i++)
            {
                var row = a.Slice(i * lda, k);
                for (var j = 0; j < n; j++)
                {
                    var dot = alpha * TensorPrimitives.Dot(row, cols.Slice(j * k, k));
                    ref var cij = ref c[i * ldc + j];
                    cij = beta == 0 ? dot : dot + beta * cij;
                }
            }
            return;
        }
        var acc = scratch.AsSpan(n * k, n * m);
        SmallNTransA(m, n, k, a, lda, cols, acc);
        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
            {
                ref var cij = ref c[i * ldc + j];
                var v = alpha * acc[j * m + i];
                cij = beta == 0 ? v : v + beta * cij;
            }
    }

    /// <summary>
    /// acc (n, m) = Σ_p A[p, ·] ⊗ cols[·, p] for n ≤ 4: A (k, m) row-major is op(A)ᵀ, cols (n, k) the columns of op(B).
    /// A block of 16 of A's columns times the n columns stays in 2n vector registers over all k rows, so A is read
    /// once and the accumulators never go through memory (dW_ih of an LSTM on 3 features, (4H × T·B)·(T·B × 3):
    /// 4800 length-512 axpy calls re-reading and re-writing the accumulators took 10× longer). Each element is the
    /// sum over p in order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void SmallNTransA(int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> cols, Span<float> acc)
    {
        ref var aRef = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(a);
        ref var cRef = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(cols);
        ref var accRef = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(acc);
        var i = 0;
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
        {
            for (; i <= m - 16; i += 16)
            {
                var z = System.Runtime.Intrinsics.Vector256<float>.Zero;
                System.Runtime.Intrinsics.Vector256<float> a00 = z, a01 = z, a10 = z, a11 = z, a20 = z, a21 = z, a30 = z, a31 = z;
                for (var p = 0; p < k; p++)
                {
                    nuint at = (nuint)((long)p * lda + i);
                    var r0 = System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref aRef, at);
                    var r1 = System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref aRef, at + 8);
                    var s0 = System.Runtime.Intrinsics.Vector256.Create(Unsafe.Add(ref cRef, p));
                    a00 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(r0, s0, a00);
                    a01 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(r1, s0, a01);
                    if (n == 1) continue;
                    var s1 = System.Runtime.Intrinsics.Vector256.Create(Unsafe.Add(ref cRef, k + p));
                    a10 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(r0, s1, a10);
                    a11 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(r1, s1, a11);
                    if (n == 2) continue;
                    var s2 = System.Runtime.Intrinsics.Vector256.Create(Unsafe.Add(ref cRef, 2 * k + p));
                    a20 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(r0, s2, a20);
                    a21 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(r1, s2, a21);
                    if (n == 3) continue;
                    var s3 = System.Runtime.Intrinsics.Vector256.Create(Unsafe.Add(ref cRef, 3 * k + p));
                    a30 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(r0, s3, a30);
                    a31 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(r1, s3, a31);
                }
                a00.StoreUnsafe(ref accRef, (nuint)(i)); a01.StoreUnsafe(ref accRef, (nuint)(i + 8));
                if (n > 1) { a10.StoreUnsafe(ref accRef, (nuint)(m + i)); a11.StoreUnsafe(ref accRef, (nuint)(m + i + 8)); }
                if (n > 2) { a20.StoreUnsafe(ref accRef, (nuint)(2 * m + i)); a21.StoreUnsafe(ref accRef, (nuint)(2 * m + i + 8)); }
                if (n > 3) { a30.StoreUnsafe(ref accRef, (nuint)(3 * m + i)); a31.StoreUnsafe(ref accRef, (nuint)(3 * m + i + 8)); }
            }
        }
        for (; i < m; i++)
            for (var j = 0; j < n; j++)
            {
                var sum = 0f;
                for (var p = 0; p < k; p++) sum = MathF.FusedMultiplyAdd(a[p * lda + i], cols[j * k + p], sum);
                acc[j * m + i] = sum;
            }
    }
}
