using MusicGen.Evaluation;
using MusicGen.Plotting;

namespace MusicGen.Tests.Plotting;

public class HistogramTraceBinsTests
{
    /// <summary>The one histogram (Evaluation.Histogram) as plots use it. The definition, bin by bin: [e_i, e_{i+1}) except the last bin, which is closed.</summary>
    private static long[] Naive(double[] values, double[] edges)
    {
        var c = new long[edges.Length - 1];
        foreach (var v in values)
            for (int i = 0; i < c.Length; i++)
            {
                bool last = i == c.Length - 1;
                if (v >= edges[i] && (v < edges[i + 1] || (last && v == edges[i + 1]))) { c[i]++; break; }
            }
        return c;
    }

    [Fact]
    public void Counts_equal_the_naive_definition()
    {
        var rng = new Random(5);
        for (int trial = 0; trial < 200; trial++)
        {
            int n = rng.Next(0, 300);
            var values = Enumerable.Range(0, n).Select(_ => rng.Next(10) switch
            {
                0 => double.NaN,
                1 => double.PositiveInfinity,
                2 => Math.Round(rng.NextDouble() * 10) / 2, // lands on edges often
                _ => rng.NextDouble() * 12 - 1,
            }).ToArray();
            int bins = rng.Next(1, 25);
            var edges = trial % 2 == 0
                ? Histogram.Compute(values, bins).Edges
                : Enumerable.Range(0, bins + 1).Select(i => i * 0.5 + (i > 3 ? 0.25 : 0)).ToArray();
            Assert.Equal(Naive(values, edges), Histogram.Compute(values, edges).Counts);
            var trace = new HistogramTrace(values, edges, density: true);
            double area = Enumerable.Range(0, bins).Sum(i => trace.Heights[i] * (edges[i + 1] - edges[i]));
            if (trace.Counts.Sum() > 0) Assert.Equal(1.0, area, 9);
        }
    }

    [Fact]
    public void Matches_numpy_histogram()
    {
        // /usr/bin/python3 -c "import numpy as np; v=[0,1,1,2,3,3,3,4.0,2.5,0.5]; print(np.histogram(v,bins=4)); ..."
        double[] v = { 0, 1, 1, 2, 3, 3, 3, 4.0, 2.5, 0.5 };
        var t = new HistogramTrace(v, 4);
        Assert.Equal(new double[] { 0, 1, 2, 3, 4 }, t.Edges);
        Assert.Equal(new long[] { 2, 2, 2, 4 }, t.Counts);
        Assert.Equal(new long[] { 2, 3, 5 }, new HistogramTrace(v, new[] { 0, 1, 2.5, 4 }).Counts);
        Assert.Equal(new long[] { 2, 5 }, new HistogramTrace(v, new double[] { 1, 2, 3 }).Counts); // outside values dropped
        var d = new HistogramTrace(v, 3, density: true).Heights;
        Assert.Equal(new[] { 0.3, 0.15, 0.3 }, d.Select(x => Math.Round(x, 12)));
        var flat = new HistogramTrace(new double[] { 5, 5, 5 }, 2);
        Assert.Equal(new[] { 4.5, 5, 5.5 }, flat.Edges);
        Assert.Equal(new long[] { 0, 3 }, flat.Counts);
    }

    [Fact]
    public void Bad_edges_are_rejected_with_the_reason()
    {
        var e = Assert.Throws<ArgumentException>(() => new HistogramTrace(new double[] { 1 }, new double[] { 0, 2, 1 }));
        Assert.Contains("increasing", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new HistogramTrace(new double[] { 1 }, 0));
    }

    [Fact]
    public void Infinities_and_NaN_are_skipped_the_same_way_with_a_bin_count_and_with_edges()
    {
        double[] v = { double.NegativeInfinity, 0, 1, 2, double.PositiveInfinity, double.NaN };
        var byCount = Histogram.Compute(v, 2);
        Assert.Equal(new[] { 0.0, 1, 2 }, byCount.Edges); // the range of the finite values
        Assert.Equal(new long[] { 1, 2 }, byCount.Counts);
        Assert.Equal(byCount.Counts, Histogram.Compute(v, new[] { 0.0, 1, 2 }).Counts);
        Assert.Equal(byCount.Counts, new HistogramTrace(v, 2).Counts);
        Assert.Throws<ArgumentException>(() => Histogram.Compute(v, new[] { 0.0, double.PositiveInfinity }));
    }
}
