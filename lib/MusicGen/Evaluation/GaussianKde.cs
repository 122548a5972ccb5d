namespace MusicGen.Evaluation;

/// <summary>
/// One-dimensional Gaussian kernel density estimate with Scott's rule, as
/// <c>scipy.stats.gaussian_kde(data)</c> computes it for the Yang &amp; Lerch relative measures
/// (SOURCES.md §5.1): kernel standard deviation h = n^(−1/5) · s, where s is the sample
/// standard deviation with ddof = 1, and pdf(x) = 1/(n·h·√(2π)) · Σ_i exp(−(x − x_i)² / (2h²)).
/// </summary>
public sealed class GaussianKde
{
    private readonly double[] _data;
    // Distinct data values and how often each occurs: distances between integer features (pitch
    // counts, note counts) repeat a lot, and a repeated point's kernel is the same term.
    private readonly double[] _points;
    private readonly double[] _weights;
    private readonly double _invTwoH2;
    private readonly double _norm;

    /// <param name="data">At least two finite values that are not all equal (SciPy raises on a
    /// singular covariance; so do we).</param>
    public GaussianKde(IEnumerable<double> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        _data = data.ToArray();
        var n = _data.Length;
        if (n < 2) throw new ArgumentException($"A Gaussian KDE needs at least two points (got {n}).", nameof(data));
        double mean = 0;
        foreach (var x in _data)
        {
            if (!double.IsFinite(x)) throw new ArgumentException($"KDE data must be finite (got {x}).", nameof(data));
            mean += x;
        }
        mean /= n;
        double ss = 0;
        foreach (var x in _data) ss += (x - mean) * (x - mean);
        var variance = ss / (n - 1);
        if (!(variance > 0)) throw new ArgumentException("KDE data has zero variance (all points equal): the bandwidth would be 0.", nameof(data));
        Factor = Math.Pow(n, -0.2);
        Bandwidth = Factor * Math.Sqrt(variance);
        _invTwoH2 = 1.0 / (2 * Bandwidth * Bandwidth);
        _norm = 1.0 / (n * Bandwidth * Math.Sqrt(2 * Math.PI));
        var sorted = (double[])_data.Clone();
        Array.Sort(sorted);
        var points = new List<double>();
        var weights = new List<double>();
        foreach (var x in sorted)
        {
            if (points.Count > 0 && points[^1] == x) weights[^1]++;
            else
            {
                points.Add(x);
                weights.Add(1);
            }
        }
        _points = points.ToArray();
        _weights = weights.ToArray();
    }

    /// <summary>Number of data points.</summary>
    public int Count => _data.Length;

    /// <summary>Scott's factor n^(−1/5) (SciPy's <c>kde.factor</c>).</summary>
    public double Factor { get; }

    /// <summary>Kernel standard deviation h = factor · std(data, ddof = 1).</summary>
    public double Bandwidth { get; }

    /// <summary>Smallest data point.</summary>
    public double Min => _points[0];

    /// <summary>Largest data point.</summary>
    public double Max => _points[^1];

    /// <summary>The density at <paramref name="x"/>.</summary>
    public double Pdf(double x)
    {
        double s = 0;
        for (var i = 0; i < _points.Length; i++)
        {
            var d = x - _points[i];
            s += _weights[i] * Math.Exp(-d * d * _invTwoH2);
        }
        return s * _norm;
    }

    /// <summary>Reference: the density summed over every data point one by one (no grouping).</summary>
    internal double PdfNaive(double x)
    {
        double s = 0;
        foreach (var xi in _data)
        {
            var d = x - xi;
            s += Math.Exp(-d * d * _invTwoH2);
        }
        return s * _norm;
    }

    /// <summary>The density at each point of <paramref name="points"/>.</summary>
    public double[] Pdf(ReadOnlySpan<double> points)
    {
        var r = new double[points.Length];
        for (var i = 0; i < r.Length; i++) r[i] = Pdf(points[i]);
        return r;
    }
}
