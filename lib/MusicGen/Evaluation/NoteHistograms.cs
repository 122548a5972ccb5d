using MusicGen.Midi;

namespace MusicGen.Evaluation;

/// <summary>
/// The note-distribution histograms of the seeds: pitch (20 bins), step and duration on
/// <c>linspace(0, P97.5, 21)</c> with larger values left out (TensorFlow tutorial
/// <c>plot_distributions</c>, SOURCES.md §3.5), velocity, and token-id density histograms of
/// about 100 bins (Lorinczi &amp; Brailovsky 2021, figures 4–6, §2.6). Note values come from
/// <see cref="NoteValues"/>.
/// </summary>
public static class NoteHistograms
{
    /// <summary>Bins of the tutorial's pitch histogram.</summary>
    public const int PitchBins = 20;

    /// <summary>The tutorial's <c>drop_percentile</c>: step and duration edges end at the
    /// (100 − 2.5)th percentile.</summary>
    public const double DropPercentile = 2.5;

    /// <summary>Bins of the token-id density plots.</summary>
    public const int TokenBins = 100;

    /// <summary>Pitch histogram with <paramref name="bins"/> equal bins over the data range.</summary>
    public static Histogram Pitch(IEnumerable<Note> notes, int bins = PitchBins) =>
        Histogram.Compute(notes.Select(n => (double)n.Pitch), bins);

    /// <summary>Step histogram on <c>linspace(0, P(100 − drop), 21)</c> (values above excluded).</summary>
    public static Histogram Step(IEnumerable<double> steps, double dropPercentile = DropPercentile) => UpToPercentile(steps, dropPercentile);

    /// <summary>Duration histogram on <c>linspace(0, P(100 − drop), 21)</c> (values above excluded).</summary>
    public static Histogram Duration(IEnumerable<double> durations, double dropPercentile = DropPercentile) => UpToPercentile(durations, dropPercentile);

    /// <summary>Velocity histogram, one bin per MIDI value 0 … 127 by default.</summary>
    public static Histogram Velocity(IEnumerable<Note> notes, double[]? edges = null) =>
        Histogram.Compute(notes.Select(n => (double)n.Velocity), edges ?? IntegerEdges(128));

    /// <summary>Token-id density histogram (<see cref="Histogram.Density"/>) with
    /// <paramref name="bins"/> equal bins over the id range.</summary>
    public static Histogram TokenIds(IEnumerable<int> tokenIds, int bins = TokenBins) =>
        Histogram.Compute(tokenIds.Select(t => (double)t), bins);

    /// <summary>Edges 0, 1, …, n: one unit bin per integer value 0 … n − 1.</summary>
    public static double[] IntegerEdges(int n)
    {
        var e = new double[n + 1];
        for (var i = 0; i <= n; i++) e[i] = i;
        return e;
    }

    /// <summary>Edges <c>linspace(0, P(100 − drop)(values), 21)</c>, as the tutorial builds them.
    /// A zero or undefined percentile (e.g. all steps 0) falls back to [0, 1].</summary>
    public static double[] PercentileEdges(IEnumerable<double> values, double dropPercentile = DropPercentile, int bins = 20)
    {
        var top = Percentile(values, 100 - dropPercentile);
        if (!(top > 0)) top = 1;
        return Histogram.LinSpace(0, top, bins + 1);
    }

    /// <summary>NumPy's default (linear) percentile: rank q/100 · (n − 1) interpolated between the
    /// sorted neighbours; NaN for an empty sample.</summary>
    public static double Percentile(IEnumerable<double> values, double q)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!(q >= 0 && q <= 100)) throw new ArgumentOutOfRangeException(nameof(q), q, "Percentile must be in [0, 100].");
        var v = values.Where(x => !double.IsNaN(x)).OrderBy(x => x).ToArray();
        if (v.Length == 0) return double.NaN;
        var rank = q / 100 * (v.Length - 1);
        var lo = (int)Math.Floor(rank);
        var hi = Math.Min(lo + 1, v.Length - 1);
        var frac = rank - lo;
        return v[lo] + (v[hi] - v[lo]) * frac;
    }

    private static Histogram UpToPercentile(IEnumerable<double> values, double dropPercentile)
    {
        var list = values.ToList();
        return Histogram.Compute(list, PercentileEdges(list, dropPercentile));
    }
}
