using MusicGen.Formatting;

namespace MusicGen.Evaluation;

/// <summary>
/// A 1-D histogram with NumPy's <c>np.histogram</c> semantics: bins are half-open
/// [e_i, e_{i+1}) except the last, which is closed [e_{K−1}, e_K]; values outside
/// [e_0, e_K] (so also ±∞) and NaN are not counted. <see cref="Density"/> is NumPy's <c>density=True</c>:
/// count / (in-range total · bin width), so it integrates to 1 over the edges. With a bin count the range is
/// [min, max] of the finite values (NumPy raises on NaN or ±∞ there; we skip them, as we do with explicit edges).
/// The one histogram of the library: plots bin with it too (<see cref="Plotting.HistogramTrace"/>).
/// Used for the note-distribution plots of SOURCES.md §2.6 (token ids, ~100 bins) and
/// §3.5 (pitch 20 bins; step and duration on <c>linspace(0, P97.5, 21)</c>).
/// </summary>
[TypeFormatterSource(typeof(HistogramFormatterSource), PreferredMimeTypes = new[] { "text/plain" })]
public sealed class Histogram
{
    private Histogram(double[] edges, long[] counts)
    {
        Edges = edges;
        Counts = counts;
        long total = 0;
        foreach (var c in counts) total += c;
        Total = total;
        Density = new double[counts.Length];
        Probabilities = new double[counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            // NumPy divides by zero here (NaN) for an empty histogram; we keep zeros so a plot of
            // an empty set draws nothing instead of failing.
            if (total == 0) continue;
            Probabilities[i] = (double)counts[i] / total;
            Density[i] = Probabilities[i] / (edges[i + 1] - edges[i]);
        }
    }

    /// <summary>Bin edges, length <see cref="Bins"/> + 1, strictly increasing.</summary>
    public double[] Edges { get; }

    /// <summary>Number of values in each bin.</summary>
    public long[] Counts { get; }

    /// <summary>count / (total · width) per bin (NumPy <c>density=True</c>); zeros when empty.</summary>
    public double[] Density { get; }

    /// <summary>count / total per bin (sums to 1; zeros when empty): what the distances compare.</summary>
    public double[] Probabilities { get; }

    /// <summary>Values that fell inside the edges.</summary>
    public long Total { get; }

    public int Bins => Counts.Length;

    /// <summary>Bin centres, for bar plots.</summary>
    public double[] Centers()
    {
        var c = new double[Bins];
        for (var i = 0; i < Bins; i++) c[i] = 0.5 * (Edges[i] + Edges[i + 1]);
        return c;
    }

    /// <summary>Histogram of <paramref name="values"/> on explicit <paramref name="edges"/>
    /// (NumPy <c>np.histogram(values, bins=edges)</c>).</summary>
    public static Histogram Compute(IEnumerable<double> values, double[] edges)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(edges);
        CheckEdges(edges);
        var e = (double[])edges.Clone();
        var counts = new long[e.Length - 1];
        double lo = e[0], hi = e[^1];
        foreach (var v in values)
        {
            if (!(v >= lo && v <= hi)) continue; // also drops NaN
            int bin;
            if (v == hi) bin = counts.Length - 1; // the last bin is closed
            else
            {
                // Largest i with e[i] <= v (binary search), as np.searchsorted(side='right') − 1.
                bin = Array.BinarySearch(e, v);
                if (bin < 0) bin = ~bin - 1;
                else
                {
                    while (bin + 1 < e.Length && e[bin + 1] == v) bin++;
                }
            }
            counts[bin]++;
        }
        return new Histogram(e, counts);
    }

    /// <summary>Histogram with <paramref name="bins"/> equal bins over [min, max] of the data
    /// (NumPy <c>np.histogram(values, bins=K)</c>; a constant sample uses [v − 0.5, v + 0.5],
    /// an empty one [0, 1]).</summary>
    public static Histogram Compute(IEnumerable<double> values, int bins)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), bins, "A histogram needs at least one bin.");
        var list = values.Where(double.IsFinite).ToList();
        double lo = 0, hi = 1; // NumPy's range for no data
        if (list.Count > 0)
        {
            lo = list.Min();
            hi = list.Max();
        }
        return Compute(list, bins, lo, hi);
    }

    /// <summary>Histogram with <paramref name="bins"/> equal bins over an explicit range
    /// (NumPy <c>np.histogram(values, bins=K, range=(min, max))</c>; a zero-width range becomes [v − 0.5, v + 0.5]).</summary>
    public static Histogram Compute(IEnumerable<double> values, int bins, double min, double max)
    {
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), bins, "A histogram needs at least one bin.");
        if (!double.IsFinite(min) || !double.IsFinite(max) || max < min)
            throw new ArgumentException($"Histogram range [{min}, {max}] must be finite with max ≥ min.");
        if (min == max)
        {
            min -= 0.5;
            max += 0.5;
        }
        return Compute(values, LinSpace(min, max, bins + 1));
    }

    /// <summary>Throws unless <paramref name="edges"/> has ≥ 2 finite, strictly increasing values.</summary>
    public static void CheckEdges(double[] edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        if (edges.Length < 2) throw new ArgumentException("A histogram needs at least two edges.", nameof(edges));
        for (var i = 0; i < edges.Length; i++)
        {
            if (!double.IsFinite(edges[i])) throw new ArgumentException($"Histogram edge {i} is not finite ({edges[i]}).", nameof(edges));
            if (i > 0 && !(edges[i] > edges[i - 1]))
                throw new ArgumentException($"Edges must be strictly increasing (edges[{i - 1}] = {edges[i - 1]}, edges[{i}] = {edges[i]}).", nameof(edges));
        }
    }

    /// <summary>NumPy <c>np.linspace(start, stop, num)</c>: <paramref name="num"/> evenly spaced
    /// points, the last exactly <paramref name="stop"/>.</summary>
    public static double[] LinSpace(double start, double stop, int num)
    {
        if (num < 1) throw new ArgumentOutOfRangeException(nameof(num), num, "linspace needs at least one point.");
        var r = new double[num];
        if (num == 1)
        {
            r[0] = start;
            return r;
        }
        var step = (stop - start) / (num - 1);
        for (var i = 0; i < num; i++) r[i] = start + i * step;
        r[^1] = stop;
        return r;
    }

    public override string ToString() => $"Histogram(bins={Bins}, total={Total}, range=[{Edges[0]:G6}, {Edges[^1]:G6}])";
}

/// <summary>Plain-text display of a <see cref="Histogram"/>: one line per bin with a bar.</summary>
internal sealed class HistogramFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters()
    {
        yield return new TypeFormatter<Histogram>("text/plain", (h, w) =>
        {
            w.WriteLine(h.ToString());
            var max = h.Counts.Length == 0 ? 0 : h.Counts.Max();
            for (var i = 0; i < h.Bins; i++)
            {
                var bar = max == 0 ? 0 : (int)Math.Round(40.0 * h.Counts[i] / max);
                w.WriteLine($"[{h.Edges[i],10:G5}, {h.Edges[i + 1],10:G5}) {h.Counts[i],8} {new string('#', bar)}");
            }
        });
    }
}
