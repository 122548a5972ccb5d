using MusicGen.Nn.Kernels;

namespace MusicGen.Tests.Nn.Kernels;

/// <summary>Gemm.Sgemm (blocked, packed, SIMD, threaded) against GemmNaive over many shapes.</summary>
public class GemmTests
{
    static readonly int[] Sizes = [1, 2, 3, 5, 7, 17, 31, 33, 63, 65, 100, 127, 129];

    public static IEnumerable<object[]> EachSizeInEachDimension()
    {
        foreach (var s in Sizes)
        {
            yield return [s, 33, 17];
            yield return [17, s, 33];
            yield return [33, 17, s];
        }
    }

    /// <summary>
    /// Compares with the reference for all four transpose combinations. The bound scales with
    /// Σ|alpha·a·b| + |beta·c| per element, the natural size of float rounding for any summation order.
    /// </summary>
    internal static void Check(int m, int n, int k, float alpha, float beta, int pad, int seed, Gemm.Path path = Gemm.Path.Auto)
    {
        var rng = new Random(seed);
        foreach (var (ta, tb) in new[] { (false, false), (false, true), (true, false), (true, true) })
        {
            int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
            int lda = aCols + pad, ldb = bCols + pad, ldc = n + pad;
            var a = KernelTestData.Random(rng, Math.Max(0, (aRows - 1) * lda + aCols));
            var b = KernelTestData.Random(rng, Math.Max(0, (bRows - 1) * ldb + bCols));
            var c0 = KernelTestData.Random(rng, (m - 1) * ldc + n);
            if (beta == 0) Array.Fill(c0, float.NaN); // must not be read
            var expected = (float[])c0.Clone();
            var actual = (float[])c0.Clone();
            GemmNaive.Sgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, expected, ldc);
            Gemm.SgemmWith(path, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, actual, ldc);
            var absA = a.Select(Math.Abs).ToArray();
            var absB = b.Select(Math.Abs).ToArray();
            var bound = new float[expected.Length];
            GemmNaive.Sgemm(ta, tb, m, n, k, Math.Abs(alpha), absA, lda, absB, ldb, 0, bound, ldc);
            for (var i = 0; i < m; i++)
                for (var j = 0; j < n; j++)
                {
                    var e = i * ldc + j;
                    var scale = bound[e] + (beta == 0 ? 0 : Math.Abs(beta * c0[e]));
                    var diff = Math.Abs((double)actual[e] - expected[e]);
                    if (!(diff <= 1e-5 * scale + 1e-30))
                        Assert.Fail($"m={m} n={n} k={k} transA={ta} transB={tb} alpha={alpha} beta={beta} pad={pad} path={path}: " +
                                    $"C[{i},{j}] = {actual[e]:R}, expected {expected[e]:R} (scale {scale:E2})");
                }
            for (var e = 0; e < actual.Length; e++)
                if (e % ldc >= n) Assert.Equal(c0[e], actual[e]); // padding columns untouched (NaN equals NaN here)
        }
    }

    [Theory]
    [MemberData(nameof(EachSizeInEachDimension))]
    public void Matches_naive_for_odd_sizes_and_all_transposes(int m, int n, int k) => Check(m, n, k, 1f, 0f, 0, m * 1000 + n * 10 + k);

    [Theory]
    [InlineData(2.5f, 0f)]
    [InlineData(-1f, 1f)]
    [InlineData(0.5f, -0.75f)]
    [InlineData(0f, 2f)]
    public void Applies_alpha_and_beta_with_padded_strides(float alpha, float beta) => Check(37, 45, 29, alpha, beta, 3, 7);

    [Theory]
    [InlineData(150, 140, 530)] // several k blocks and m blocks, the threaded path, B packed on all threads
    [InlineData(64, 520, 1100)] // split by columns with A (70 K floats) packed on all threads, a partial B panel
    [InlineData(64, 512, 128)] // an LSTM recurrent step (B, 4H, H)
    [InlineData(512, 64, 200)] // an LSTM weight gradient (4H, H, T·B), split by rows
    public void Matches_naive_on_large_problems(int m, int n, int k) => Check(m, n, k, 1f, 1f, 1, m + n + k);

    [Theory]
    [InlineData(512, 1, 1600)] // an LSTM's dW_ih on 1 feature (4H, 1, T·B): register-blocked columns of Aᵀ
    [InlineData(512, 3, 1600)] // on 3 features (pitch-step-duration)
    [InlineData(37, 2, 50)] // a partial 16-column block and a scalar tail
    [InlineData(45, 4, 9)]
    [InlineData(530, 2, 700)] // Aᵀ's columns split over the threads, the last share not a whole 16
    public void Matches_naive_with_at_most_four_columns(int m, int n, int k) => Check(m, n, k, 0.75f, 1f, 2, m + n + k);

    [Theory]
    [InlineData(530, 3, 700)]
    [InlineData(512, 1, 1600)]
    public void At_most_four_columns_give_the_same_bits_on_one_thread_and_on_all(int m, int n, int k)
    {
        // Aᵀ (k, m) stored row-major, B (k, n): dW_ih's shape. Split by columns, each element is still summed by one
        // thread over p in order, so the threaded product must equal the single-threaded one exactly.
        var rng = new Random(m + n + k);
        var a = KernelTestData.Random(rng, k * m);
        var b = KernelTestData.Random(rng, k * n);
        var c0 = KernelTestData.Random(rng, m * n);
        var (one, all) = ((float[])c0.Clone(), (float[])c0.Clone());
        Gemm.SgemmWith(Gemm.Path.SingleThreaded, true, false, m, n, k, 0.5f, a, m, b, n, 1f, one, n);
        Gemm.SgemmWith(Gemm.Path.Auto, true, false, m, n, k, 0.5f, a, m, b, n, 1f, all, n);
        Assert.Equal(one, all);
        Assert.NotEqual(c0, all);
    }

    [Theory]
    [InlineData("Vector256")]
    [InlineData("Vector512")] // emulated where AVX-512 is missing, but the same arithmetic
    [InlineData("SingleThreaded")]
    public void Every_code_path_matches_naive(string pathName)
    {
        var path = Enum.Parse<Gemm.Path>(pathName);
        foreach (var (m, n, k) in new[] { (1, 1, 1), (7, 33, 5), (65, 63, 300), (13, 129, 17) })
            Check(m, n, k, 1.5f, 0.5f, 2, m * n + k, path);
    }

    [Fact]
    public void K_of_zero_scales_c_by_beta()
    {
        var c = new float[] { 1, 2, 3, 4 };
        Gemm.Sgemm(false, false, 2, 2, 0, 1f, [], 1, [], 2, 0.5f, c, 2);
        Assert.Equal(new float[] { 0.5f, 1, 1.5f, 2 }, c);
    }

    [Fact]
    public void Packed_b_gives_the_same_product()
    {
        var rng = new Random(3);
        foreach (var tb in new[] { false, true })
        {
            int m = 19, n = 70, k = 45;
            var a = KernelTestData.Random(rng, m * k);
            var b = KernelTestData.Random(rng, k * n);
            var expected = KernelTestData.Random(rng, m * n);
            var actual = (float[])expected.Clone();
            GemmNaive.Sgemm(false, tb, m, n, k, 1f, a, k, b, tb ? k : n, 1f, expected, n);
            var packed = Gemm.PackB(tb, k, n, b, tb ? k : n);
            Gemm.SgemmPacked(m, n, k, 1f, a, k, packed, 1f, actual, n);
            KernelTestData.AssertClose(expected, actual, 1e-5, $"packed transB={tb}", 1e-2);
        }
    }

    [Fact]
    public void Rejects_short_buffers_and_small_strides_naming_the_argument()
    {
        var e1 = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 2, 2, 2, 1, new float[3], 2, new float[4], 2, 0, new float[4], 2));
        Assert.Equal("a", e1.ParamName);
        var e2 = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 2, 3, 2, 1, new float[4], 2, new float[6], 3, 0, new float[6], 2));
        Assert.Equal("ldc", e2.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Sgemm(false, false, -1, 2, 2, 1, [], 2, [], 2, 0, [], 2));
    }
}
