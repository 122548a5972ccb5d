namespace MusicGen.Evaluation;

/// <summary>
/// Distances between a generated and a reference distribution (lib/README.md §2):
/// KL divergence and Jensen–Shannon divergence between binned distributions, histogram overlap,
/// and the exact 1-D Wasserstein-1 distance between empirical samples. Natural logarithms (nats).
/// </summary>
public static class Distances
{
    /// <summary>
    /// Default additive smoothing for <see cref="KlDivergence(ReadOnlySpan{double}, ReadOnlySpan{double}, double)"/>:
    /// 1e-8 per bin on the normalized probabilities, the same floor mgeval's <c>c_dist</c> puts on
    /// empty bins in its KL mode (SOURCES.md §5.1). An empty reference bin that holds a
    /// fraction p of the generated mass then costs about p·ln(p/1e-8) ≈ 18·p nats, a large but finite
    /// penalty.
    /// </summary>
    public const double DefaultEpsilon = 1e-8;

    /// <summary>
    /// KL(P‖Q) = Σ p_i ln(p_i / q_i) with additive smoothing: each histogram is normalized to sum 1,
    /// <paramref name="epsilon"/> is added to every bin and the result renormalized,
    /// p_i = (h_i/Σh + ε) / (1 + Kε). Both inputs are counts (or weights) on the same bins.
    /// With ε = 0 this is <c>scipy.stats.entropy(p, q)</c> (∞ when some q_i = 0 &lt; p_i).
    /// </summary>
    /// <param name="p">Histogram of the generated set, length K.</param>
    /// <param name="q">Histogram of the reference set, length K.</param>
    /// <param name="epsilon">Additive smoothing per bin, ≥ 0 (<see cref="DefaultEpsilon"/>).</param>
    /// <returns>Nats; NaN when either histogram is empty (sums to 0).</returns>
    public static double KlDivergence(ReadOnlySpan<double> p, ReadOnlySpan<double> q, double epsilon = DefaultEpsilon)
    {
        CheckPair(p, q);
        if (!(epsilon >= 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Smoothing must be ≥ 0.");
        var ps = Smooth(p, epsilon);
        var qs = Smooth(q, epsilon);
        if (ps is null || qs is null) return double.NaN;
        return RelativeEntropy(ps, qs);
    }

    /// <summary>KL(P‖Q) between two histograms on the same edges (see the span overload).</summary>
    public static double KlDivergence(Histogram p, Histogram q, double epsilon = DefaultEpsilon) =>
        KlDivergence(AsDoubles(p, q, out var b), b, epsilon);

    /// <summary>
    /// Jensen–Shannon divergence ½KL(P‖M) + ½KL(Q‖M), M = ½(P + Q), in nats (0 … ln 2); needs no
    /// smoothing because M is positive wherever P or Q is. NaN when either histogram is empty.
    /// </summary>
    public static double JensenShannon(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        CheckPair(p, q);
        var ps = Smooth(p, 0);
        var qs = Smooth(q, 0);
        if (ps is null || qs is null) return double.NaN;
        var m = new double[ps.Length];
        for (var i = 0; i < m.Length; i++) m[i] = 0.5 * (ps[i] + qs[i]);
        return 0.5 * RelativeEntropy(ps, m) + 0.5 * RelativeEntropy(qs, m);
    }

    /// <summary>Jensen–Shannon divergence between two histograms on the same edges.</summary>
    public static double JensenShannon(Histogram p, Histogram q) => JensenShannon(AsDoubles(p, q, out var b), b);

    /// <summary>
    /// Histogram overlap Σ_i min(p_i, q_i) of the two histograms normalized to sum 1: 1 for identical
    /// distributions, 0 for disjoint ones. NaN when either histogram is empty.
    /// </summary>
    public static double HistogramOverlap(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        CheckPair(p, q);
        var ps = Smooth(p, 0);
        var qs = Smooth(q, 0);
        if (ps is null || qs is null) return double.NaN;
        double s = 0;
        for (var i = 0; i < ps.Length; i++) s += Math.Min(ps[i], qs[i]);
        return s;
    }

    /// <summary>Histogram overlap between two histograms on the same edges.</summary>
    public static double HistogramOverlap(Histogram p, Histogram q) => HistogramOverlap(AsDoubles(p, q, out var b), b);

    /// <summary>
    /// Exact Wasserstein-1 (earth mover's) distance between the empirical distributions of two 1-D
    /// samples, ∫ |F_u(x) − F_v(x)| dx, computed on the merged sorted values (the definition
    /// <c>scipy.stats.wasserstein_distance</c> implements). O((n + m) log(n + m)).
    /// NaN when either sample is empty.
    /// </summary>
    public static double Wasserstein1(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
    {
        if (u.Length == 0 || v.Length == 0) return double.NaN;
        var a = u.ToArray();
        var b = v.ToArray();
        foreach (var x in a) if (double.IsNaN(x)) throw new ArgumentException("Sample contains NaN.", nameof(u));
        foreach (var x in b) if (double.IsNaN(x)) throw new ArgumentException("Sample contains NaN.", nameof(v));
        Array.Sort(a);
        Array.Sort(b);
        // Sweep the merged breakpoints; between consecutive breakpoints both CDFs are constant.
        int i = 0, j = 0;
        double total = 0;
        var prev = Math.Min(a[0], b[0]);
        while (i < a.Length || j < b.Length)
        {
            var next = j >= b.Length || (i < a.Length && a[i] <= b[j]) ? a[i] : b[j];
            // CDFs just before `next`: i/n and j/m.
            total += Math.Abs((double)i / a.Length - (double)j / b.Length) * (next - prev);
            while (i < a.Length && a[i] == next) i++;
            while (j < b.Length && b[j] == next) j++;
            prev = next;
        }
        return total;
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>scipy.special.rel_entr summed: Σ p ln(p/q), 0 where p = 0, ∞ where q = 0 &lt; p.</summary>
    internal static double RelativeEntropy(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        double s = 0;
        for (var i = 0; i < p.Length; i++)
        {
            if (p[i] == 0) continue;
            if (q[i] == 0) return double.PositiveInfinity;
            s += p[i] * Math.Log(p[i] / q[i]);
        }
        return s;
    }

    /// <summary>Normalize to sum 1, add ε, renormalize; null when the histogram sums to 0.</summary>
    private static double[]? Smooth(ReadOnlySpan<double> h, double epsilon)
    {
        double sum = 0;
        foreach (var x in h)
        {
            if (!(x >= 0) || double.IsInfinity(x)) throw new ArgumentException($"Histogram values must be finite and ≥ 0 (got {x}).");
            sum += x;
        }
        var r = new double[h.Length];
        if (sum == 0) return null;
        var z = 1 + h.Length * epsilon;
        for (var i = 0; i < h.Length; i++) r[i] = (h[i] / sum + epsilon) / z;
        return r;
    }

    private static void CheckPair(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        if (p.Length != q.Length) throw new ArgumentException($"Histograms must have the same number of bins ({p.Length} vs {q.Length}).");
        if (p.Length == 0) throw new ArgumentException("Histograms must have at least one bin.");
    }

    private static double[] AsDoubles(Histogram p, Histogram q, out double[] qd)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(q);
        if (!p.Edges.AsSpan().SequenceEqual(q.Edges))
            throw new ArgumentException("Histograms must share the same edges to be compared.");
        qd = Array.ConvertAll(q.Counts, c => (double)c);
        return Array.ConvertAll(p.Counts, c => (double)c);
    }
}
