using System.Runtime.Intrinsics;

namespace MusicGen.Nn.Kernels;

internal static partial class Gemm
{
    /// <summary>
    /// Packs op(B) (k, n) once for repeated use by <see cref="SgemmPacked"/> (see <see cref="PackedB"/>
    /// for the layout). Pass <paramref name="into"/> to reuse its buffer.
    /// </summary>
    internal static unsafe PackedB PackB(bool transB, int k, int n, ReadOnlySpan<float> b, int ldb, PackedB? into = null)
    {
        Validate(false, transB, 1, n, k, k, Math.Max(1, k), b.Length, ldb, n, Math.Max(1, n));
        var packed = into ?? new PackedB();
        packed.Wide = Vector512.IsHardwareAccelerated;
        var nr = packed.Wide ? 32 : 16;
        var panels = (n + nr - 1) / nr;
        var length = Math.Max(1, panels * k * nr);
        if (AlignedArray.Capacity(packed.Buffer) < length) packed.Buffer = AlignedArray.Allocate(length);
        packed.K = k;
        packed.N = n;
        var dst = packed.Data;
        fixed (float* pb = b)
        {
            for (var jp = 0; jp < panels; jp++)
                PackBPanel(pb, ldb, transB, 0, k, jp * nr, Math.Min(nr, n - jp * nr), nr, dst + (long)jp * k * nr);
        }
        return packed;
    }

    /// <summary>C (m, n) = alpha·A (m, k)·op(B) + beta·C with op(B) packed by <see cref="PackB"/>.</summary>
    internal static void SgemmPacked(int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
        PackedB b, float beta, Span<float> c, int ldc)
    {
        if (b.K != k || b.N != n) throw new ArgumentException($"b: packed as ({b.K}, {b.N}) but the product needs ({k}, {n}).", nameof(b));
        Validate(false, false, m, n, k, a.Length, lda, k * n, Math.Max(1, n), c.Length, ldc);
        Core(Path.Auto, false, false, m, n, k, alpha, a, lda, default, Math.Max(1, n), b, beta, c, ldc);
    }

    /// <summary>
    /// C (m, n) = alpha·A (m, k)·op(B) + beta·C with op(B) packed by <see cref="PackB"/>, on the calling thread only
    /// (a share of a larger job: an LSTM recurrence split by batch rows). Pointers are pinned by the caller; shapes
    /// are the caller's to check. Each element of C is summed in the same order as by <see cref="SgemmPacked"/>, so
    /// the result does not depend on how rows are split.
    /// </summary>
    internal static unsafe void SgemmPackedSolo(int m, int n, int k, float alpha, float* a, int lda,
        PackedB b, float* packed, float beta, float* c, int ldc)
    {
        if (m == 0 || n == 0) return;
        var args = new GemmArgs
        {
            M = m, N = n, K = k, Alpha = alpha, A = a, Lda = lda, Packed = packed, Beta = beta, C = c, Ldc = ldc, Wide = b.Wide,
        };
        Blocked(args, 0, m, 0, n);
    }
}
