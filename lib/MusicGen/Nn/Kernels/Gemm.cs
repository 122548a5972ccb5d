using System.Runtime.Intrinsics;

namespace MusicGen.Nn.Kernels;

/// <summary>
/// Single-precision general matrix multiply, the workhorse of <c>Linear</c> and <c>LSTM</c>.
/// Matrices are row-major; <c>lda</c>/<c>ldb</c>/<c>ldc</c> are row strides in elements (the BLAS
/// "leading dimension" for row-major storage), so sub-matrices of larger buffers work without copies.
/// </summary>
/// <remarks>
/// The fast path follows the BLIS/Goto design: C is computed in 6×16 tiles (6×32 with AVX-512) held in
/// 12 SIMD registers by a fused multiply-add micro-kernel; A and B are packed into contiguous panels
/// (transposes are absorbed by the packing), blocked so that a B micro-panel stays in L1 and a block
/// of A in L2; large products are split over the cores by <see cref="KernelThreads"/>.
/// </remarks>
internal static partial class Gemm
{
    /// <summary>Which implementation runs; tests force each one, everything else uses Auto.</summary>
    internal enum Path { Auto, Vector256, Vector512, SingleThreaded }

    /// <summary>Below this many multiply-adds one core is faster than waking a second one.</summary>
    const long ParallelThreshold = 1L << 18;

    /// <summary>
    /// Effectively computes C = alpha·op(A)·op(B) + beta·C, where op(X) is X or Xᵀ.
    /// </summary>
    /// <param name="transA">Use Aᵀ: A is stored (k, m) instead of (m, k).</param>
    /// <param name="transB">Use Bᵀ: B is stored (n, k) instead of (k, n).</param>
    /// <param name="m">Rows of op(A) and of C.</param>
    /// <param name="n">Columns of op(B) and of C.</param>
    /// <param name="k">Columns of op(A) = rows of op(B): the summed dimension.</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">A, (m, k) row-major, or (k, m) when <paramref name="transA"/>.</param>
    /// <param name="lda">Row stride of A in elements (≥ its column count).</param>
    /// <param name="b">B, (k, n) row-major, or (n, k) when <paramref name="transB"/>.</param>
    /// <param name="ldb">Row stride of B in elements (≥ its column count).</param>
    /// <param name="beta">Scale of the old C. When 0, C is not read (NaN in C does not propagate), as in BLAS.</param>
    /// <param name="c">C, (m, n) row-major; must not overlap A or B.</param>
    /// <param name="ldc">Row stride of C in elements (≥ n).</param>
    /// <remarks>
    /// Results can differ from <see cref="GemmNaive.Sgemm"/> in the last bits because the summation
    /// order differs (blocked over k, fused multiply-add). Large problems run on all cores.
    /// </remarks>
    public static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        var phase = StepProfiler.EnterFromOther(StepProfiler.Phase.LinearGemm);
        Core(Path.Auto, transA, transB, m, n, k, alpha, a, lda, b, ldb, null, beta, c, ldc);
        StepProfiler.Exit(phase);
    }

    /// <summary><see cref="Sgemm"/> on a chosen code path (for tests and benchmarks).</summary>
    internal static void SgemmWith(Path path, bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        Core(path, transA, transB, m, n, k, alpha, a, lda, b, ldb, null, beta, c, ldc);
    }

    static unsafe void Core(Path path, bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, PackedB? packed, float beta, Span<float> c, int ldc)
    {
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0)
        {
            ScaleRows(m, n, beta, c, ldc);
            return;
        }
        if (n <= SmallNLimit && packed is null && path != Path.Vector256 && path != Path.Vector512)
        {
            SmallN(path == Path.SingleThreaded, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }
        var wide = packed?.Wide ?? path switch
        {
            Path.Vector512 => true,
            Path.Vector256 => false,
            _ => Vector512.IsHardwareAccelerated,
        };
        var pp = packed is null ? null : packed.Data;
        fixed (float* pa = a, pb = b, pc = c)
        {
            var args = new GemmArgs
            {
                TransA = transA, TransB = transB, M = m, N = n, K = k, Alpha = alpha, A = pa, Lda = lda,
                B = pb, Ldb = ldb, Packed = pp, Beta = beta, C = pc, Ldc = ldc, Wide = wide,
            };
            int nr = wide ? 32 : 16, mr = MrOf(wide);
            int panelsM = (m + mr - 1) / mr, panelsN = (n + nr - 1) / nr;
            var parts = path == Path.SingleThreaded || (long)m * n * k < ParallelThreshold ? 1 : KernelThreads.Parallelism;
            // Split C where there are more tiles; columns must split at panel boundaries of a packed B.
            var splitColumns = n >= m ? panelsN >= parts : panelsM < parts;
            if (parts > 1 && (splitColumns ? panelsN : panelsM) < parts) parts = 1;
            if (parts == 1)
            {
                Blocked(args, 0, m, 0, n);
                return;
            }
            // Pack the operand every chunk would otherwise pack again (A when C is split by columns,
            // B when by rows) once, here; the shared buffers are pinned so workers may read them.
            if (splitColumns && (long)m * k <= SharedPackLimit)
            {
                args.PackedA = SharedBuffer(ref t_sharedA, panelsM * mr * (long)k);
                PackShared(args, true, panelsM, mr, parts);
            }
            else if (!splitColumns && packed is null && (long)k * n <= SharedPackLimit)
            {
                args.Packed = SharedBuffer(ref t_sharedB, panelsN * nr * (long)k);
                PackShared(args, false, panelsN, nr, parts);
            }
            var job = t_job ??= new GemmJob();
            job.Args = args;
            job.SplitColumns = splitColumns;
            job.Tiles = splitColumns ? panelsN : panelsM;
            job.TileSize = splitColumns ? nr : mr;
            // A few chunks per thread, taken first-come: if a worker is descheduled on a busy machine the
            // caller simply takes its chunks instead of waiting for a fixed half.
            job.Chunks = Math.Min(job.Tiles, 4 * parts);
            job.Next = 0;
            KernelThreads.Run(job, parts);
        }
    }

    /// <summary>Below this many floats a shared operand is packed by the caller alone.</summary>
    const long ParallelPackFloats = 1L << 16;

    /// <summary>
    /// Packs the shared operand (all of alpha·op(A) in MR-row panels, or all of op(B) in NR-column panels) before
    /// the product starts. Large ones are packed on all threads: a weight gradient's B (T·B × H, 3.3 M floats for
    /// notes-and-chords) packed by the caller alone kept the other core idle for milliseconds.
    /// </summary>
    static void PackShared(in GemmArgs args, bool packA, int panels, int width, int parts)
    {
        var job = t_packJob ??= new PackJob();
        job.Args = args;
        job.PackA = packA;
        job.Panels = panels;
        job.Width = width;
        if ((long)panels * width * args.K < ParallelPackFloats) { job.Pack(0, panels); return; }
        job.Chunks = Math.Min(panels, 4 * parts);
        job.Next = 0;
        KernelThreads.Run(job, parts);
    }

    /// <summary>Packs runs of whole panels of the shared operand; threads take the next unclaimed run.</summary>
    sealed unsafe class PackJob : KernelJob
    {
        public GemmArgs Args;
        public bool PackA;
        public int Panels, Width, Chunks, Next;

        public override void Run(int part, int parts)
        {
            int chunk;
            while ((chunk = Interlocked.Increment(ref Next) - 1) < Chunks)
                Pack((int)((long)Panels * chunk / Chunks), (int)((long)Panels * (chunk + 1) / Chunks));
        }

        /// <summary>Packs panels [p0, p1): panel p starts at p·width·K in the shared buffer.</summary>
        public void Pack(int p0, int p1)
        {
            if (p0 >= p1) return;
            if (PackA)
            {
                var i0 = p0 * Width;
                PackABlock(Args, i0, Math.Min(Args.M, p1 * Width) - i0, 0, Args.K, Args.PackedA + (long)i0 * Args.K);
            }
            else
            {
                var j0 = p0 * Width;
                PackBBlock(Args, 0, Args.K, j0, Math.Min(Args.N, p1 * Width) - j0, Width, Args.Packed + (long)j0 * Args.K);
            }
        }
    }

    [ThreadStatic] static PackJob? t_packJob;
    [ThreadStatic] static GemmJob? t_job;
    [ThreadStatic] static float[]? t_sharedA, t_sharedB;

    /// <summary>Largest operand (floats) packed once for all threads: 16 MB, half of L3.</summary>
    const long SharedPackLimit = 4L << 20;

    static unsafe float* SharedBuffer(ref float[]? buffer, long length) => AlignedArray.Ensure(ref buffer, length);

    /// <summary>C ← beta·C over an (m, n) block (the k = 0 or alpha = 0 case); beta 0 writes zeros.</summary>
    static void ScaleRows(int m, int n, float beta, Span<float> c, int ldc)
    {
        for (var i = 0; i < m; i++)
        {
            var row = c.Slice(i * ldc, n);
            if (beta == 0) row.Clear();
            else if (beta != 1) System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
        }
    }

    /// <summary>
    /// C's rows or columns cut into <see cref="Chunks"/> runs of whole tiles; every thread takes the next
    /// unclaimed chunk until none is left.
    /// </summary>
    sealed class GemmJob : KernelJob
    {
        public GemmArgs Args;
        public bool SplitColumns;
        public int Tiles, TileSize, Chunks;
        public int Next;

        public override void Run(int part, int parts)
        {
            int chunk;
            while ((chunk = Interlocked.Increment(ref Next) - 1) < Chunks)
            {
                var from = (int)((long)Tiles * chunk / Chunks) * TileSize;
                var to = (int)((long)Tiles * (chunk + 1) / Chunks) * TileSize;
                if (SplitColumns) Blocked(Args, 0, Args.M, from, Math.Min(to, Args.N));
                else Blocked(Args, from, Math.Min(to, Args.M), 0, Args.N);
            }
        }
    }

    /// <summary>Checks sizes and strides; throws <see cref="ArgumentException"/> naming the argument.</summary>
    internal static void Validate(bool transA, bool transB, int m, int n, int k,
        int aLength, int lda, int bLength, int ldb, int cLength, int ldc)
    {
        if (m < 0) throw new ArgumentOutOfRangeException(nameof(m), m, "m must be ≥ 0.");
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), n, "n must be ≥ 0.");
        if (k < 0) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be ≥ 0.");
        CheckMatrix("a", transA ? k : m, transA ? m : k, aLength, lda, m > 0 && n > 0);
        CheckMatrix("b", transB ? n : k, transB ? k : n, bLength, ldb, m > 0 && n > 0);
        CheckMatrix("c", m, n, cLength, ldc, true);
    }

    static void CheckMatrix(string name, int rows, int cols, int length, int ld, bool used)
    {
        if (ld < Math.Max(1, cols))
            throw new ArgumentException($"{name}: row stride {ld} is smaller than its {cols} columns; pass ld ≥ columns.", "ld" + name);
        if (!used || rows == 0 || cols == 0) return;
        var needed = (long)(rows - 1) * ld + cols;
        if (length < needed)
            throw new ArgumentException($"{name}: holds {length} elements but a ({rows}, {cols}) matrix with row stride {ld} needs {needed}.", name);
    }
}
