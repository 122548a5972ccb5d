using MusicGen.Nn.Kernels;

namespace MusicGen.Tests.Nn.Kernels;

/// <summary>LstmKernel (GEMM-based, SIMD cell) against LstmKernelNaive, and both against finite differences.</summary>
public class LstmKernelTests
{
    /// <summary>All inputs and outputs of one forward + backward pass, for one implementation.</summary>
    sealed class Pass
    {
        public float[] Y = [], HN = [], CN = [], Dx = [], Dh0 = [], Dc0 = [], DWIh = [], DWHh = [], DBIh = [], DBHh = [];
    }

    sealed record Problem(int T, int B, int I, int H, bool Reverse, bool WithState, bool WithBias, int Seed)
    {
        public readonly Random Rng = new(Seed);
        public float[] X = [], WIh = [], WHh = [], BIh = [], BHh = [], H0 = [], C0 = [], Dy = [], DhN = [], DcN = [];

        public Problem Fill()
        {
            int G = 4 * H, BH = B * H;
            X = KernelTestData.Random(Rng, T * B * I);
            WIh = KernelTestData.Random(Rng, G * I, 0.5f);
            WHh = KernelTestData.Random(Rng, G * H, 0.5f);
            BIh = WithBias ? KernelTestData.Random(Rng, G, 0.5f) : [];
            BHh = WithBias ? KernelTestData.Random(Rng, G, 0.5f) : [];
            H0 = WithState ? KernelTestData.Random(Rng, BH) : [];
            C0 = WithState ? KernelTestData.Random(Rng, BH) : [];
            Dy = KernelTestData.Random(Rng, T * BH);
            DhN = KernelTestData.Random(Rng, BH);
            DcN = KernelTestData.Random(Rng, BH);
            return this;
        }

        public Pass Run(bool naive, LstmWorkspace? ws = null)
        {
            ws ??= new LstmWorkspace();
            int G = 4 * H, BH = B * H;
            var r = new Pass
            {
                Y = new float[T * BH], HN = new float[BH], CN = new float[BH], Dx = new float[T * B * I],
                Dh0 = new float[BH], Dc0 = new float[BH], DWIh = new float[G * I], DWHh = new float[G * H],
                DBIh = new float[G], DBHh = new float[G],
            };
            if (naive)
            {
                LstmKernelNaive.Forward(ws, T, B, I, H, X, WIh, WHh, BIh, BHh, H0, C0, r.Y, r.HN, r.CN, Reverse);
                LstmKernelNaive.Backward(ws, X, WIh, WHh, Dy, DhN, DcN, r.Dx, r.Dh0, r.Dc0, r.DWIh, r.DWHh, r.DBIh, r.DBHh);
            }
            else
            {
                LstmKernel.Forward(ws, T, B, I, H, X, WIh, WHh, BIh, BHh, H0, C0, r.Y, r.HN, r.CN, Reverse);
                LstmKernel.Backward(ws, X, WIh, WHh, Dy, DhN, DcN, r.Dx, r.Dh0, r.Dc0, r.DWIh, r.DWHh, r.DBIh, r.DBHh);
            }
            return r;
        }

        /// <summary>The scalar loss whose gradients Backward computes: Σ y⊙dy + Σ hN⊙dhN + Σ cN⊙dcN, in double.</summary>
        public double Loss()
        {
            var ws = new LstmWorkspace();
            int BH = B * H;
            float[] y = new float[T * BH], hN = new float[BH], cN = new float[BH];
            LstmKernelNaive.Forward(ws, T, B, I, H, X, WIh, WHh, BIh, BHh, H0, C0, y, hN, cN, Reverse);
            double loss = 0;
            for (var e = 0; e < y.Length; e++) loss += (double)y[e] * Dy[e];
            for (var e = 0; e < BH; e++) loss += (double)hN[e] * DhN[e] + (double)cN[e] * DcN[e];
            return loss;
        }
    }

    public static IEnumerable<object[]> Shapes() =>
    [
        [1, 1, 1, 1, false, false, true],
        [5, 3, 2, 7, false, true, true],
        [5, 3, 2, 7, true, true, true],
        [6, 4, 5, 17, true, false, false],
        [3, 2, 9, 33, false, true, true],
        [4, 9, 1, 20, true, true, true],
        [7, 13, 31, 65, false, false, true],
        // B·H ≥ 2048: the cell runs split over threads by batch rows (even and odd B).
        [3, 16, 5, 130, true, true, true],
        [2, 33, 4, 70, false, true, true],
        // B ≥ 32: the recurrence by batch rows runs on two threads in shares of whole 8-row groups (and a partial one).
        [4, 64, 3, 24, false, false, true],
        [3, 45, 2, 9, true, true, true],
        // H > 181 (W_hh larger than half an L2): one share of rows per thread, and the fused input projection (I ≤ 4).
        [3, 40, 1, 190, false, true, true],
        [2, 48, 6, 200, true, false, true],
    ];

    /// <summary>Element-wise within rtol, with a floor of 1% of each tensor's largest value (float vs double accumulation).</summary>
    static void AssertSame(Pass expected, Pass actual, double rtol)
    {
        KernelTestData.AssertClose(expected.Y, actual.Y, rtol, "y", 1e-2);
        KernelTestData.AssertClose(expected.HN, actual.HN, rtol, "hN", 1e-2);
        KernelTestData.AssertClose(expected.CN, actual.CN, rtol, "cN", 1e-2);
        KernelTestData.AssertClose(expected.Dx, actual.Dx, rtol, "dx", 1e-2);
        KernelTestData.AssertClose(expected.Dh0, actual.Dh0, rtol, "dh0", 1e-2);
        KernelTestData.AssertClose(expected.Dc0, actual.Dc0, rtol, "dc0", 1e-2);
        KernelTestData.AssertClose(expected.DWIh, actual.DWIh, rtol, "dW_ih", 1e-2);
        KernelTestData.AssertClose(expected.DWHh, actual.DWHh, rtol, "dW_hh", 1e-2);
        KernelTestData.AssertClose(expected.DBIh, actual.DBIh, rtol, "db_ih", 1e-2);
        KernelTestData.AssertClose(expected.DBHh, actual.DBHh, rtol, "db_hh", 1e-2);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Fast_matches_naive_forward_and_backward(int t, int b, int i, int h, bool reverse, bool withState, bool withBias)
    {
        var p = new Problem(t, b, i, h, reverse, withState, withBias, t * 100 + h).Fill();
        AssertSame(p.Run(naive: true), p.Run(naive: false), 1e-4);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Both_recurrences_match_naive_and_each_other(int t, int b, int i, int h, bool reverse, bool withState, bool withBias)
    {
        // By batch rows (one job per pass) and step by step (each step's GEMM and cell split over threads).
        var p = new Problem(t, b, i, h, reverse, withState, withBias, t * 100 + h + 7).Fill();
        var naive = p.Run(naive: true);
        var previous = LstmKernel.ForceRowSplit;
        try
        {
            LstmKernel.ForceRowSplit = true;
            var byRows = p.Run(naive: false);
            LstmKernel.ForceRowSplit = false;
            var bySteps = p.Run(naive: false);
            AssertSame(naive, byRows, 1e-4);
            AssertSame(naive, bySteps, 1e-4);
            // Every element is summed in the same order either way, so the two agree bit for bit.
            foreach (var (name, x, y) in new[] { ("y", bySteps.Y, byRows.Y), ("hN", bySteps.HN, byRows.HN), ("cN", bySteps.CN, byRows.CN),
                         ("dx", bySteps.Dx, byRows.Dx), ("dh0", bySteps.Dh0, byRows.Dh0), ("dc0", bySteps.Dc0, byRows.Dc0),
                         ("dW_ih", bySteps.DWIh, byRows.DWIh), ("dW_hh", bySteps.DWHh, byRows.DWHh), ("db_ih", bySteps.DBIh, byRows.DBIh) })
                Assert.True(x.AsSpan().SequenceEqual(y), $"{name}: the recurrence by rows differs from the one by steps");
        }
        finally
        {
            LstmKernel.ForceRowSplit = previous;
        }
    }

    [Fact]
    public void A_reused_workspace_gives_the_same_results_as_a_fresh_one()
    {
        var ws = new LstmWorkspace();
        var big = new Problem(6, 5, 4, 12, false, true, true, 1).Fill();
        big.Run(naive: false, ws);
        var small = new Problem(3, 2, 3, 5, true, true, true, 2).Fill();
        AssertSame(small.Run(naive: true), small.Run(naive: false, ws), 1e-4);
    }

    [Fact]
    public void Weight_gradients_accumulate_and_input_gradients_are_overwritten()
    {
        var p = new Problem(4, 3, 2, 5, false, true, true, 3).Fill();
        var once = p.Run(naive: false);
        var ws = new LstmWorkspace();
        var twice = p.Run(naive: false, ws);
        LstmKernel.Backward(ws, p.X, p.WIh, p.WHh, p.Dy, p.DhN, p.DcN, twice.Dx, twice.Dh0, twice.Dc0,
            twice.DWIh, twice.DWHh, twice.DBIh, twice.DBHh);
        KernelTestData.AssertClose(once.DWHh.Select(v => 2 * v).ToArray(), twice.DWHh, 1e-5, "2·dW_hh");
        KernelTestData.AssertClose(once.DBIh.Select(v => 2 * v).ToArray(), twice.DBIh, 1e-5, "2·db_ih");
        KernelTestData.AssertClose(once.Dx, twice.Dx, 1e-6, "dx");
    }

    /// <summary>Central differences of the double-accumulating naive forward, step 1e-2 (float inputs).</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Gradients_match_finite_differences(bool reverse)
    {
        var p = new Problem(3, 2, 2, 3, reverse, true, true, 11).Fill();
        var g = p.Run(naive: false);
        foreach (var (name, values, grad) in new[]
                 {
                     ("x", p.X, g.Dx), ("W_ih", p.WIh, g.DWIh), ("W_hh", p.WHh, g.DWHh), ("b_ih", p.BIh, g.DBIh),
                     ("b_hh", p.BHh, g.DBHh), ("h0", p.H0, g.Dh0), ("c0", p.C0, g.Dc0),
                 })
        {
            for (var e = 0; e < values.Length; e++)
            {
                const float step = 1e-2f;
                var keep = values[e];
                values[e] = keep + step;
                var up = p.Loss();
                values[e] = keep - step;
                var down = p.Loss();
                values[e] = keep;
                var numeric = (up - down) / (2 * step);
                Assert.True(Math.Abs(numeric - grad[e]) <= 2e-3 * (Math.Abs(numeric) + 0.05),
                    $"d/d{name}[{e}]: analytic {grad[e]}, numeric {numeric}");
            }
        }
    }

    [Fact]
    public void Backward_without_a_forward_pass_says_what_to_do()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            LstmKernel.Backward(new LstmWorkspace(), [1], new float[4], new float[4], [], [], [], [], [], [], [], [], [], []));
        Assert.Contains("call Forward", e.Message);
    }

    [Fact]
    public void A_short_buffer_is_rejected_naming_it_and_its_shape()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            LstmKernel.Forward(new LstmWorkspace(), 2, 1, 1, 1, new float[2], new float[4], new float[3], [], [], [], [], [], [], []));
        Assert.Equal("wHh", e.ParamName);
        Assert.Contains("(4H, H)", e.Message);
    }
}
