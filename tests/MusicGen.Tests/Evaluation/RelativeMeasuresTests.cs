using MusicGen.Evaluation;

namespace MusicGen.Tests.Evaluation;

/// <summary>The Yang &amp; Lerch relative measures against SciPy (SOURCES.md §5.1).</summary>
public class RelativeMeasuresTests
{
    [Fact]
    public void Kde_matches_scipy_gaussian_kde_to_1e_9_relative()
    {
        foreach (var c in Fixture.Cases("kde"))
        {
            var kde = new GaussianKde(c.GetProperty("data").Doubles());
            Fixture.Close(c.GetProperty("factor").GetDouble(), kde.Factor, 1e-12, what: "factor");
            Fixture.Close(c.GetProperty("bandwidth").GetDouble(), kde.Bandwidth, 1e-12, what: "bandwidth");
            var probes = c.GetProperty("probes").Doubles();
            var expected = c.GetProperty("pdf").Doubles();
            var actual = kde.Pdf(probes);
            for (var i = 0; i < probes.Length; i++)
                Fixture.Close(expected[i], actual[i], 1e-9, 1e-300, $"{c.GetProperty("name")} pdf({probes[i]})");
        }
    }

    [Fact]
    public void Grouped_kde_matches_the_point_by_point_sum()
    {
        var rng = new Random(8);
        var data = Enumerable.Range(0, 300).Select(_ => (double)rng.Next(0, 12)).Concat(new[] { 0.5, 3.25 }).ToArray();
        var kde = new GaussianKde(data);
        Assert.Equal(0.0, kde.Min);
        Assert.Equal(11.0, kde.Max);
        for (var x = -3.0; x <= 15; x += 0.37)
            Fixture.Close(kde.PdfNaive(x), kde.Pdf(x), 1e-12, 1e-300, $"pdf({x})");
    }

    [Fact]
    public void Kde_integrates_to_one()
    {
        var kde = new GaussianKde(new[] { 0.0, 1, 1, 2, 5 });
        var area = AdaptiveSimpson.Integrate(kde.Pdf, -30, 40);
        Assert.Equal(1.0, area, 9);
    }

    [Fact]
    public void Kde_rejects_a_constant_sample_like_scipy()
    {
        Assert.Throws<ArgumentException>(() => new GaussianKde(new[] { 3.0, 3.0, 3.0 }));
        Assert.Throws<ArgumentException>(() => new GaussianKde(new[] { 3.0 }));
        Assert.True(double.IsNaN(RelativeMeasures.KlDist(new[] { 1.0, 1.0 }, new[] { 0.0, 2.0 })));
        Assert.True(double.IsNaN(RelativeMeasures.OverlapArea(new[] { 1.0, 1.0 }, new[] { 0.0, 2.0 })));
    }

    [Fact]
    public void Kl_dist_and_overlap_area_match_scipy()
    {
        foreach (var c in Fixture.Cases("pairs"))
        {
            var name = c.GetProperty("name").GetString();
            var a = c.GetProperty("a").Doubles();
            var b = c.GetProperty("b").Doubles();
            // Same grids and formula as SciPy: only rounding differs.
            Fixture.Close(c.GetProperty("kl").GetDouble(), RelativeMeasures.KlDist(a, b), 1e-9, 1e-12, $"{name} KL");
            var oa = RelativeMeasures.OverlapArea(a, b);
            Fixture.Close(c.GetProperty("oa_quad").GetDouble(), oa, 0, 1e-7, $"{name} OA vs quad");
            Fixture.Close(c.GetProperty("oa_dense").GetDouble(), oa, 0, 1e-7, $"{name} OA vs dense trapezoid");
        }
    }

    [Fact]
    public void Kl_dist_uses_two_different_grids()
    {
        // B is A shifted by 10: on their own grids the two pdfs are identical vectors, so
        // mgeval's KL is 0 although the distributions do not overlap at all.
        var a = new[] { 0.0, 0.3, 1.0, 1.7, 2.0 };
        var b = a.Select(x => x + 10).ToArray();
        Assert.Equal(0.0, RelativeMeasures.KlDist(a, b), 12);
        Assert.True(RelativeMeasures.OverlapArea(a, b) < 1e-6);
    }

    [Fact]
    public void Intra_and_inter_distances_follow_mgeval_leave_one_out()
    {
        foreach (var c in Fixture.Cases("sets"))
        {
            var s1 = c.GetProperty("set1").Rows();
            var s2 = c.GetProperty("set2").Rows();
            Assert.Equal(c.GetProperty("intra1").Doubles(), RelativeMeasures.IntraSetDistances(s1), new Tol(1e-12));
            Assert.Equal(c.GetProperty("intra2").Doubles(), RelativeMeasures.IntraSetDistances(s2), new Tol(1e-12));
            Assert.Equal(c.GetProperty("inter").Doubles(), RelativeMeasures.InterSetDistances(s1, s2), new Tol(1e-12));
        }
    }

    [Fact]
    public void Compare_reproduces_the_scipy_report()
    {
        foreach (var c in Fixture.Cases("sets"))
        {
            var name = c.GetProperty("name").GetString()!;
            var r = RelativeMeasures.Compare(name, c.GetProperty("set1").Rows(), c.GetProperty("set2").Rows());
            Assert.Equal(c.GetProperty("mean1").Doubles(), r.MeanGenerated, new Tol(1e-12));
            Assert.Equal(c.GetProperty("std1").Doubles(), r.StdGenerated, new Tol(1e-12));
            Assert.Equal(c.GetProperty("mean2").Doubles(), r.MeanReference, new Tol(1e-12));
            Assert.Equal(c.GetProperty("std2").Doubles(), r.StdReference, new Tol(1e-12));
            Fixture.Close(c.GetProperty("kl_intra1_inter").GetDouble(), r.KlIntraGeneratedInter, 1e-9, 1e-12, name);
            Fixture.Close(c.GetProperty("kl_intra2_inter").GetDouble(), r.KlIntraReferenceInter, 1e-9, 1e-12, name);
            Fixture.Close(c.GetProperty("oa_intra1_inter").GetDouble(), r.OaIntraGeneratedInter, 0, 1e-7, name);
            Fixture.Close(c.GetProperty("oa_intra2_inter").GetDouble(), r.OaIntraReferenceInter, 0, 1e-7, name);
        }
    }

    [Fact]
    public void Compare_uses_the_leading_min_n_samples_and_drops_undefined_ones()
    {
        var s1 = new[] { new[] { 1.0 }, new[] { double.NaN }, new[] { 2.0 }, new[] { 4.0 } };
        var s2 = new[] { new[] { 3.0 }, new[] { 5.0 }, new[] { 6.0 }, new[] { 9.0 }, new[] { 100.0 } };
        var r = RelativeMeasures.Compare("x", s1, s2);
        Assert.Equal(3, r.Samples);
        Assert.Equal(7.0 / 3, r.MeanGenerated[0], 12);
        Assert.Equal(14.0 / 3, r.MeanReference[0], 12); // 3, 5, 6: the 4th and 5th are not used
        var direct = RelativeMeasures.KlDist(
            RelativeMeasures.IntraSetDistances(new[] { new[] { 1.0 }, new[] { 2.0 }, new[] { 4.0 } }),
            RelativeMeasures.InterSetDistances(new[] { new[] { 1.0 }, new[] { 2.0 }, new[] { 4.0 } }, new[] { new[] { 3.0 }, new[] { 5.0 }, new[] { 6.0 } }));
        Assert.Equal(direct, r.KlIntraGeneratedInter, 12);
    }

    [Fact]
    public void Adaptive_simpson_integrates_kinks_and_smooth_functions()
    {
        Assert.Equal(2.0, AdaptiveSimpson.Integrate(Math.Sin, 0, Math.PI), 10);
        // |x − 0.3| on [0, 1]: kink inside; exact 0.045 + 0.245 = 0.29.
        Assert.Equal(0.29, AdaptiveSimpson.Integrate(x => Math.Abs(x - 0.3), 0, 1), 10);
        Assert.Equal(0.0, AdaptiveSimpson.Integrate(x => x, 2, 2));
    }

    private sealed class Tol(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Abs(x));

        public int GetHashCode(double obj) => 0;
    }
}
