using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

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
        acc.Clear();
        for (var p = 0; p < k; p++)
        {
            var row = a.Slice(p * lda, m);
            for (var j = 0; j < n; j++)
            {
                var s = cols[j * k + p];
                if (s != 0) TensorPrimitives.MultiplyAdd(row, s, acc.Slice(j * m, m), acc.Slice(j * m, m));
            }
        }
        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
            {
                ref var cij = ref c[i * ldc + j];
                var v = alpha * acc[j * m + i];
                cij = beta == 0 ? v : v + beta * cij;
            }
    }
}
