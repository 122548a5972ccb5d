using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MusicGen.Nn.Kernels;

internal static partial class Gemm
{
    /// <summary>
    /// C[0..mr, 0..nr] = acc + beta·C with acc = Σ_p a[p, 0..6]ᵀ·b[p, 0..16] over packed panels.
    /// The 6×16 tile lives in 12 Vector256 accumulators; per k: 2 loads of B, 6 broadcasts of A, 12 FMAs.
    /// Partial tiles go through <paramref name="edge"/> (6×32 floats of scratch).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void Micro6x16(int kc, float* a, float* b, float* c, int ldc, float beta, int mr, int nr, float* edge)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        if (mr == Mr && nr == 16) PrefetchTile(c, ldc, Mr, 1);
        for (var p = 0; p < kc; p++, a += Mr, b += 16)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var x = Vector256.Create(a[0]);
            c00 = Fmadd(x, b0, c00); c01 = Fmadd(x, b1, c01);
            x = Vector256.Create(a[1]);
            c10 = Fmadd(x, b0, c10); c11 = Fmadd(x, b1, c11);
            x = Vector256.Create(a[2]);
            c20 = Fmadd(x, b0, c20); c21 = Fmadd(x, b1, c21);
            x = Vector256.Create(a[3]);
            c30 = Fmadd(x, b0, c30); c31 = Fmadd(x, b1, c31);
            x = Vector256.Create(a[4]);
            c40 = Fmadd(x, b0, c40); c41 = Fmadd(x, b1, c41);
            x = Vector256.Create(a[5]);
            c50 = Fmadd(x, b0, c50); c51 = Fmadd(x, b1, c51);
        }
        if (mr == Mr && nr == 16)
        {
            Store(c, c00, beta); Store(c + 8, c01, beta); c += ldc;
            Store(c, c10, beta); Store(c + 8, c11, beta); c += ldc;
            Store(c, c20, beta); Store(c + 8, c21, beta); c += ldc;
            Store(c, c30, beta); Store(c + 8, c31, beta); c += ldc;
            Store(c, c40, beta); Store(c + 8, c41, beta); c += ldc;
            Store(c, c50, beta); Store(c + 8, c51, beta);
            return;
        }
        c00.Store(edge); c01.Store(edge + 8); c10.Store(edge + 16); c11.Store(edge + 24);
        c20.Store(edge + 32); c21.Store(edge + 40); c30.Store(edge + 48); c31.Store(edge + 56);
        c40.Store(edge + 64); c41.Store(edge + 72); c50.Store(edge + 80); c51.Store(edge + 88);
        StoreEdge(edge, 16, c, ldc, beta, mr, nr);
    }

    /// <summary>
    /// The AVX-512 micro-kernel: an 8×32 tile in 16 Vector512 accumulators; per k: 2 loads of B, 8 broadcasts
    /// of A, 16 FMAs. Whole tiles are written with vector stores straight into C (a scalar edge pass over
    /// 256 elements costs about a tenth of a 128-deep tile); partial ones go through <paramref name="edge"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void Micro8x32(int kc, float* a, float* b, float* c, int ldc, float beta, int mr, int nr, float* edge)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default;
        if (mr == MrWide && nr == 32) PrefetchTile(c, ldc, MrWide, 2);
        for (var p = 0; p < kc; p++, a += MrWide, b += 32)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var x = Vector512.Create(a[0]);
            c00 = Fmadd(x, b0, c00); c01 = Fmadd(x, b1, c01);
            x = Vector512.Create(a[1]);
            c10 = Fmadd(x, b0, c10); c11 = Fmadd(x, b1, c11);
            x = Vector512.Create(a[2]);
            c20 = Fmadd(x, b0, c20); c21 = Fmadd(x, b1, c21);
            x = Vector512.Create(a[3]);
            c30 = Fmadd(x, b0, c30); c31 = Fmadd(x, b1, c31);
            x = Vector512.Create(a[4]);
            c40 = Fmadd(x, b0, c40); c41 = Fmadd(x, b1, c41);
            x = Vector512.Create(a[5]);
            c50 = Fmadd(x, b0, c50); c51 = Fmadd(x, b1, c51);
            x = Vector512.Create(a[6]);
            c60 = Fmadd(x, b0, c60); c61 = Fmadd(x, b1, c61);
            x = Vector512.Create(a[7]);
            c70 = Fmadd(x, b0, c70); c71 = Fmadd(x, b1, c71);
        }
        if (mr == MrWide && nr == 32)
        {
            Store(c, c00, beta); Store(c + 16, c01, beta); c += ldc;
            Store(c, c10, beta); Store(c + 16, c11, beta); c += ldc;
            Store(c, c20, beta); Store(c + 16, c21, beta); c += ldc;
            Store(c, c30, beta); Store(c + 16, c31, beta); c += ldc;
            Store(c, c40, beta); Store(c + 16, c41, beta); c += ldc;
            Store(c, c50, beta); Store(c + 16, c51, beta); c += ldc;
            Store(c, c60, beta); Store(c + 16, c61, beta); c += ldc;
            Store(c, c70, beta); Store(c + 16, c71, beta);
            return;
        }
        c00.Store(edge); c01.Store(edge + 16); c10.Store(edge + 32); c11.Store(edge + 48);
        c20.Store(edge + 64); c21.Store(edge + 80); c30.Store(edge + 96); c31.Store(edge + 112);
        c40.Store(edge + 128); c41.Store(edge + 144); c50.Store(edge + 160); c51.Store(edge + 176);
        c60.Store(edge + 192); c61.Store(edge + 208); c70.Store(edge + 224); c71.Store(edge + 240);
        StoreEdge(edge, 32, c, ldc, beta, mr, nr);
    }

    /// <summary>
    /// Asks for the C tile's cache lines (<paramref name="lines"/> of 64 bytes per row) before the k loop, which
    /// takes thousands of cycles: a product with a long k (a weight gradient sums over T·B = 6400 rows in 13 k blocks)
    /// reads and writes each C tile once per k block, and C (2–4 MB a thread) no longer sits in L2 by then, so
    /// without this each tile's stores wait on L3 or memory.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void PrefetchTile(float* c, int ldc, int rows, int lines)
    {
        if (!Sse.IsSupported) return;
        for (var r = 0; r < rows; r++, c += ldc)
        {
            Sse.Prefetch0(c);
            if (lines > 1) Sse.Prefetch0(c + 16);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> Fmadd(Vector256<float> x, Vector256<float> y, Vector256<float> acc) =>
        Fma.IsSupported ? Fma.MultiplyAdd(x, y, acc) : x * y + acc;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<float> Fmadd(Vector512<float> x, Vector512<float> y, Vector512<float> acc) =>
        Avx512F.IsSupported ? Avx512F.FusedMultiplyAdd(x, y, acc) : x * y + acc;

    /// <summary>C[0..8] = acc + beta·C; beta 0 does not read C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void Store(float* c, Vector256<float> acc, float beta)
    {
        if (beta == 0) acc.Store(c);
        else if (beta == 1) (Vector256.Load(c) + acc).Store(c);
        else Fmadd(Vector256.Create(beta), Vector256.Load(c), acc).Store(c);
    }

    /// <summary>C[0..16] = acc + beta·C; beta 0 does not read C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void Store(float* c, Vector512<float> acc, float beta)
    {
        if (beta == 0) acc.Store(c);
        else if (beta == 1) (Vector512.Load(c) + acc).Store(c);
        else Fmadd(Vector512.Create(beta), Vector512.Load(c), acc).Store(c);
    }

    /// <summary>Writes the valid mr×nr corner of a tile held in <paramref name="tile"/> (row stride <paramref name="stride"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void StoreEdge(float* tile, int stride, float* c, int ldc, float beta, int mr, int nr)
    {
        for (var r = 0; r < mr; r++, c += ldc, tile += stride)
        {
            if (beta == 0)
                for (var q = 0; q < nr; q++) c[q] = tile[q];
            else
                for (var q = 0; q < nr; q++) c[q] = tile[q] + beta * c[q];
        }
    }
}
