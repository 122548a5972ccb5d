namespace MusicGen.Nn.Kernels;

/// <summary>
/// The reference single-precision GEMM: three plain loops with a <see cref="double"/> accumulator.
/// It is slow on purpose and exists so that <see cref="Gemm.Sgemm"/> has something trustworthy to be
/// tested against (the llm.c pattern: a <c>_naive</c> kernel beside the fast one).
/// </summary>
internal static class GemmNaive
{
    /// <summary>
    /// Effectively computes C = alpha·op(A)·op(B) + beta·C for row-major matrices, with the same
    /// arguments and semantics as <see cref="Gemm.Sgemm"/> (BLAS <c>sgemm</c> in row-major order).
    /// </summary>
    public static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        Gemm.Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double sum = 0;
                for (var p = 0; p < k; p++)
                {
                    var aip = transA ? a[p * lda + i] : a[i * lda + p];
                    var bpj = transB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += (double)aip * bpj;
                }
                ref var cij = ref c[i * ldc + j];
                // beta == 0 means C is write-only (BLAS): NaN or garbage in C must not leak through.
                cij = beta == 0 ? (float)(alpha * sum) : (float)(alpha * sum + (double)beta * cij);
            }
        }
    }
}
