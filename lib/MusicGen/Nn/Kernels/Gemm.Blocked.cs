using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MusicGen.Nn.Kernels;

internal static partial class Gemm
{
    /// <summary>Rows of a Vector256 micro-tile: 6 rows × 2 vectors = 12 accumulators + 2 B vectors + 1 broadcast ≤ 16 registers.</summary>
    internal const int Mr = 6;

    /// <summary>
    /// Rows of a Vector512 micro-tile: 8 rows × 2 vectors = 16 accumulators + 2 B vectors + 1 broadcast of the 32
    /// AVX-512 registers. 8 rows load B once per 16 FMAs instead of 12, and a batch of 64 (an LSTM step) is
    /// exactly 8 panels, with no partial tile.
    /// </summary>
    internal const int MrWide = 8;

    /// <summary>k block: a 6×kc A panel (6 KB) and a kc×16 B panel (16 KB) fit together in a 32 KB L1.</summary>
    const int Kc = 256;

    /// <summary>
    /// k block of the Vector512 path. A 512×32 B micro-panel (64 KB) streams from L2 rather than sitting in L1, but
    /// measured on Zen 4 that beats 128 or 256 (fewer C round trips, longer FMA runs per tile): 90–110 GFLOP/s a core.
    /// </summary>
    const int KcWide = 512;

    /// <summary>m block: mc×kc of packed A (72 KB) stays in the 512 KB L2 while B panels stream past it; a multiple of 6 and 8.</summary>
    const int Mc = 72;

    /// <summary>Micro-tile rows of a path.</summary>
    internal static int MrOf(bool wide) => wide ? MrWide : Mr;

    /// <summary>n block: kc×nc of packed B (2 MB), shared from L3.</summary>
    const int Nc = 2048;

    /// <summary>How far ahead (stored rows) <see cref="PackABlock"/> prefetches a transposed A: 8 to 32 measured alike on
    /// Zen 4 (Aᵀ·B 2048×6400·6400×512 from 202 to 206–208 GFLOP/s on two cores).</summary>
    const int PrefetchRowsAhead = 16;

    [ThreadStatic] static float[]? t_packA;
    [ThreadStatic] static float[]? t_packB;

    /// <summary>
    /// Single-threaded blocked GEMM over rows [i0, i1) and columns [j0, j1) of C (the Goto/BLIS loop
    /// order jc → pc → ic → jr → ir). j0 is a multiple of NR when B is pre-packed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void Blocked(in GemmArgs g, int i0, int i1, int j0, int j1)
    {
        if (i0 >= i1 || j0 >= j1) return;
        var nr = g.Wide ? 32 : 16;
        var mr = MrOf(g.Wide);
        var kcMax = g.Wide ? KcWide : Kc;
        var pA = AlignedArray.Ensure(ref t_packA, Mc * Math.Max(Kc, KcWide));
        var pB = AlignedArray.Ensure(ref t_packB, Math.Max(Kc, KcWide) * Nc);
        var edge = stackalloc float[MrWide * 32];
        for (var jc = j0; jc < j1; jc += Nc)
        {
            var nc = Math.Min(Nc, j1 - jc);
            for (var pc = 0; pc < g.K; pc += kcMax)
            {
                var kc = Math.Min(kcMax, g.K - pc);
                float* bBase;
                long bStride;
                if (g.Packed != null)
                {
                    bBase = g.Packed + ((long)(jc / nr) * g.K + pc) * nr;
                    bStride = (long)g.K * nr;
                }
                else
                {
                    PackBBlock(g, pc, kc, jc, nc, nr, pB);
                    bBase = pB;
                    bStride = (long)kc * nr;
                }
                // The first k block applies beta; later ones add to what the first wrote.
                var beta = pc == 0 ? g.Beta : 1f;
                for (var ic = i0; ic < i1; ic += Mc)
                {
                    var mc = Math.Min(Mc, i1 - ic);
                    float* aBase;
                    long aStride;
                    if (g.PackedA != null)
                    {
                        aBase = g.PackedA + ((long)(ic / mr) * g.K + pc) * mr;
                        aStride = (long)g.K * mr;
                    }
                    else
                    {
                        PackABlock(g, ic, mc, pc, kc, pA);
                        aBase = pA;
                        aStride = (long)kc * mr;
                    }
                    for (var jr = 0; jr < nc; jr += nr)
                    {
                        var bp = bBase + jr / nr * bStride;
                        var nn = Math.Min(nr, nc - jr);
                        for (var ir = 0; ir < mc; ir += mr)
                        {
                            var cp = g.C + (long)(ic + ir) * g.Ldc + jc + jr;
                            var mm = Math.Min(mr, mc - ir);
                            var ap = aBase + ir / mr * aStride;
                            if (g.Wide) Micro8x32(kc, ap, bp, cp, g.Ldc, beta, mm, nn, edge);
                            else Micro6x16(kc, ap, bp, cp, g.Ldc, beta, mm, nn, edge);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Packs alpha·op(A)[ic..ic+mc, pc..pc+kc] as panels of MR rows (6, or 8 on the Vector512 path): panel r
    /// at r·kc·MR, element (p, row) at p·MR + row; rows past the end are zero so the micro-kernel never branches on m.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void PackABlock(in GemmArgs g, int ic, int mc, int pc, int kc, float* dst)
    {
        var alpha = g.Alpha;
        var mr = MrOf(g.Wide);
        if (g.TransA)
        {
            // op(A)(i, p) = A[p, i]: stored row p holds the block's mc rows side by side, so it is read once,
            // contiguously, for all panels. (Panel by panel, each 64-byte line was fetched once per 8-row panel and a
            // weight gradient's A, dGates (T·B, 4H) with rows 8 KB apart, crossed a page for every p of every panel.)
            var src = g.A + (long)pc * g.Lda + ic;
            var va = Vector256.Create(alpha);
            // Each stored row is a different page (a weight gradient's dGates rows are 4H floats apart), which the
            // hardware prefetchers do not follow: fetch the lines PrefetchRowsAhead rows ahead by hand.
            var ahead = PrefetchRowsAhead * (long)g.Lda;
            for (var p = 0; p < kc; p++, src += g.Lda)
            {
                if (Sse.IsSupported)
                    for (var q = 0; q < mc + 16; q += 16) Sse.Prefetch0(src + ahead + q);
                var ir = 0;
                if (mr == 8)
                    for (; ir + 8 <= mc; ir += 8) Vector256.Store(Vector256.Load(src + ir) * va, dst + ir * kc + p * 8);
                for (; ir < mc; ir += mr)
                {
                    var rows = Math.Min(mr, mc - ir);
                    var d = dst + ir * kc + p * mr;
                    for (var r = 0; r < rows; r++) d[r] = alpha * src[ir + r];
                    for (var r = rows; r < mr; r++) d[r] = 0;
                }
            }
            return;
        }
        for (var ir = 0; ir < mc; ir += mr)
        {
            var rows = Math.Min(mr, mc - ir);
            var panel = dst + ir * kc;
            var src0 = g.A + (long)(ic + ir) * g.Lda + pc;
            var p0 = 0;
            if (rows == 8 && Avx.IsSupported) p0 = PackTransposed8(src0, g.Lda, kc, alpha, panel, 8);
            for (var r = 0; r < mr; r++)
            {
                if (r >= rows)
                {
                    for (var p = p0; p < kc; p++) panel[p * mr + r] = 0;
                    continue;
                }
                var src = src0 + (long)r * g.Lda;
                for (var p = p0; p < kc; p++) panel[p * mr + r] = alpha * src[p];
            }
        }
    }

    /// <summary>
    /// Transposes 8 stored rows (row stride <paramref name="lda"/>, kc columns) into a panel: column p goes to
    /// panel + p·<paramref name="stride"/> as 8 adjacent floats. 8 columns at a time with an in-register 8×8 transpose
    /// instead of 64 strided scalar stores; returns the columns done (a multiple of 8).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe int PackTransposed8(float* src, int lda, int kc, float alpha, float* panel, int stride)
    {
        var va = Vector256.Create(alpha);
        var p = 0;
        for (; p <= kc - 8; p += 8)
        {
            var s = src + p;
            var r0 = Avx.LoadVector256(s) * va; var r1 = Avx.LoadVector256(s + lda) * va;
            var r2 = Avx.LoadVector256(s + 2 * lda) * va; var r3 = Avx.LoadVector256(s + 3 * lda) * va;
            var r4 = Avx.LoadVector256(s + 4 * lda) * va; var r5 = Avx.LoadVector256(s + 5 * lda) * va;
            var r6 = Avx.LoadVector256(s + 6 * lda) * va; var r7 = Avx.LoadVector256(s + 7 * lda) * va;
            // Interleave pairs, then quads, then 128-bit halves: column j ends up in o_j.
            var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
            var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
            var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
            var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
            var s0 = Avx.Shuffle(t0, t2, 0x44); var s1 = Avx.Shuffle(t0, t2, 0xEE);
            var s2 = Avx.Shuffle(t1, t3, 0x44); var s3 = Avx.Shuffle(t1, t3, 0xEE);
            var s4 = Avx.Shuffle(t4, t6, 0x44); var s5 = Avx.Shuffle(t4, t6, 0xEE);
            var s6 = Avx.Shuffle(t5, t7, 0x44); var s7 = Avx.Shuffle(t5, t7, 0xEE);
            var d = panel + (long)p * stride;
            Avx.Store(d, Avx.Permute2x128(s0, s4, 0x20)); Avx.Store(d + stride, Avx.Permute2x128(s1, s5, 0x20));
            Avx.Store(d + 2 * stride, Avx.Permute2x128(s2, s6, 0x20)); Avx.Store(d + 3 * stride, Avx.Permute2x128(s3, s7, 0x20));
            Avx.Store(d + 4 * stride, Avx.Permute2x128(s0, s4, 0x31)); Avx.Store(d + 5 * stride, Avx.Permute2x128(s1, s5, 0x31));
            Avx.Store(d + 6 * stride, Avx.Permute2x128(s2, s6, 0x31)); Avx.Store(d + 7 * stride, Avx.Permute2x128(s3, s7, 0x31));
        }
        return p;
    }

    /// <summary>
    /// Packs op(B)[pc..pc+kc, jc..jc+nc] as panels of nr columns: panel j at j·kc·nr, element (p, col)
    /// at p·nr + col; columns past the end are zero.
    /// </summary>
    static unsafe void PackBBlock(in GemmArgs g, int pc, int kc, int jc, int nc, int nr, float* dst)
    {
        for (var jr = 0; jr < nc; jr += nr)
            PackBPanel(g.B, g.Ldb, g.TransB, pc, kc, jc + jr, Math.Min(nr, nc - jr), nr, dst + (long)jr * kc);
    }

    /// <summary>Packs kc rows × cols columns of op(B) starting at (pc, j) into one nr-wide panel with row stride nr.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void PackBPanel(float* b, int ldb, bool transB, int pc, int kc, int j, int cols, int nr, float* panel)
    {
        if (!transB)
        {
            var src = b + (long)pc * ldb + j;
            for (var p = 0; p < kc; p++, src += ldb)
            {
                var d = panel + p * nr;
                if (cols == nr)
                {
                    for (var q = 0; q < nr; q += 8) Vector256.Store(Vector256.Load(src + q), d + q);
                }
                else
                {
                    for (var q = 0; q < cols; q++) d[q] = src[q];
                    for (var q = cols; q < nr; q++) d[q] = 0;
                }
            }
        }
        else
        {
            // op(B)(p, j) = B[j, p]: groups of 8 stored rows go through the 8×8 register transpose; the rest
            // (and the last kc % 8 columns) read each stored row contiguously and write with stride nr.
            for (var q = 0; q < nr; q++)
            {
                if (q >= cols)
                {
                    for (var p = 0; p < kc; p++) panel[p * nr + q] = 0;
                    continue;
                }
                var src = b + (long)(j + q) * ldb + pc;
                var p0 = 0;
                if (q % 8 == 0 && q + 8 <= cols && Avx.IsSupported) p0 = PackTransposed8(src, ldb, kc, 1f, panel + q, nr);
                else if (q % 8 != 0 && q / 8 * 8 + 8 <= cols && Avx.IsSupported) p0 = kc / 8 * 8;
                for (var p = p0; p < kc; p++) panel[p * nr + q] = src[p];
            }
        }
    }
}
