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
    static void SmallN(bool singleThreaded, bool transA, bool transB, int m, int n, int k, float alpha,
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
        // Aᵀ's columns split over the threads (pitch-step-duration's dW_ih, 512×1600·1600×3: 0.22 ms on one core).
        var parts = singleThreaded || (long)m * k < ParallelThreshold ? 1 : Math.Min(KernelThreads.Parallelism, m / 16);
        if (parts > 1)
        {
            unsafe
            {
                fixed (float* pa = a, pc = cols, pacc = acc)
                {
                    var job = t_smallNJob ??= new SmallNTransAJob();
                    (job.M, job.N, job.K, job.Lda) = (m, n, k, lda);
                    job.A = pa;
                    job.Cols = pc;
                    job.Acc = pacc;
                    KernelThreads.Run(job, parts);
                }
            }
        }
        else SmallNTransA(0, m, m, n, k, a, lda, cols, acc);
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
    /// A is streamed once, row after row (a sequential read the prefetcher follows), into accumulators that stay in
    /// L1 (n·m floats: 6 KB for an LSTM-128 on 3 features); one loop over the row for all n columns. dW_ih of
    /// pitch-step-duration ((4H × T·B)·(T·B × 3)) as 4800 separate length-512 axpy calls took 10× longer, and blocks
    /// of columns held in registers over all rows read A with a 2 KB stride. Each element is the sum over p in order.
    /// Works on the columns [i0, i1) of op(A) (acc's stride stays m), so threads can share a product column by column:
    /// each element is summed by one thread in the same order, whatever the split.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void SmallNTransA(int i0, int i1, int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> cols, Span<float> acc)
    {
        ref var aRef = ref Unsafe.Add(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(a), i0);
        ref var accRef = ref Unsafe.Add(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(acc), i0);
        nuint m1 = (nuint)m, m2 = 2 * m1, m3 = 3 * m1;
        var width = i1 - i0;
        var vectorEnd = Vector256.IsHardwareAccelerated ? width / 8 * 8 : 0;
        for (var p = 0; p < k; p++)
        {
            ref var row = ref Unsafe.Add(ref aRef, (nint)((long)p * lda));
            float s0 = cols[p], s1 = n > 1 ? cols[k + p] : 0f, s2 = n > 2 ? cols[2 * k + p] : 0f, s3 = n > 3 ? cols[3 * k + p] : 0f;
            var v0 = Vector256.Create(s0);
            var v1 = Vector256.Create(s1);
            var v2 = Vector256.Create(s2);
            var v3 = Vector256.Create(s3);
            nuint i = 0;
            for (; (int)i < vectorEnd; i += 8)
            {
                var r = Vector256.LoadUnsafe(ref row, i);
                Vector256.FusedMultiplyAdd(r, v0, Vector256.LoadUnsafe(ref accRef, i)).StoreUnsafe(ref accRef, i);
                if (n == 1) continue;
                Vector256.FusedMultiplyAdd(r, v1, Vector256.LoadUnsafe(ref accRef, m1 + i)).StoreUnsafe(ref accRef, m1 + i);
                if (n == 2) continue;
                Vector256.FusedMultiplyAdd(r, v2, Vector256.LoadUnsafe(ref accRef, m2 + i)).StoreUnsafe(ref accRef, m2 + i);
                if (n == 3) continue;
                Vector256.FusedMultiplyAdd(r, v3, Vector256.LoadUnsafe(ref accRef, m3 + i)).StoreUnsafe(ref accRef, m3 + i);
            }
            for (; (int)i < width; i++)
            {
                var r = Unsafe.Add(ref row, i);
                Unsafe.Add(ref accRef, i) = MathF.FusedMultiplyAdd(r, s0, Unsafe.Add(ref accRef, i));
                if (n > 1) Unsafe.Add(ref accRef, m1 + i) = MathF.FusedMultiplyAdd(r, s1, Unsafe.Add(ref accRef, m1 + i));
                if (n > 2) Unsafe.Add(ref accRef, m2 + i) = MathF.FusedMultiplyAdd(r, s2, Unsafe.Add(ref accRef, m2 + i));
                if (n > 3) Unsafe.Add(ref accRef, m3 + i) = MathF.FusedMultiplyAdd(r, s3, Unsafe.Add(ref accRef, m3 + i));
            }
        }
    }

    [ThreadStatic] static SmallNTransAJob? t_smallNJob;

    /// <summary><see cref="SmallNTransA"/> with op(A)'s columns cut into one run per thread (whole vectors of 16).</summary>
    sealed unsafe class SmallNTransAJob : KernelJob
    {
        public int M, N, K, Lda;
        public float* A, Cols, Acc;

        public override void Run(int part, int parts)
        {
            int i0 = M / 16 * part / parts * 16, i1 = part == parts - 1 ? M : M / 16 * (part + 1) / parts * 16;
            var a = new ReadOnlySpan<float>(A, checked((int)((long)(K - 1) * Lda + M)));
            SmallNTransA(i0, i1, M, N, K, a, Lda, new ReadOnlySpan<float>(Cols, N * K), new Span<float>(Acc, N * M));
        }
    }
}
