using MusicGen.Formatting;
using MusicGen.Midi;

namespace MusicGen.Evaluation;

/// <summary>
/// Everything <c>musicgen evaluate</c> reports for a generated set against a reference set:
/// histogram distances of pitch, step, duration and velocity; the Yang &amp; Lerch (2020) summary
/// per feature (SOURCES.md §5.1, generated = set 1); MusPy metric means for both sets (§5.2).
/// Displays as its three <see cref="MetricsTable"/>s.
/// </summary>
[TypeFormatterSource(typeof(EvaluationReportFormatterSource), PreferredMimeTypes = new[] { "text/plain", "text/html" })]
public sealed class EvaluationReport
{
    private EvaluationReport(int generatedSongs, int referenceSongs, List<HistogramDistance> histograms,
        List<FeatureComparison> yangLerch, List<MusPySummary> musPy)
    {
        GeneratedSongs = generatedSongs;
        ReferenceSongs = referenceSongs;
        HistogramDistances = histograms;
        YangLerch = yangLerch;
        MusPy = musPy;
    }

    public int GeneratedSongs { get; }

    public int ReferenceSongs { get; }

    /// <summary>pitch and velocity on one bin per integer 0 … 127; step and duration on
    /// <c>linspace(0, P97.5(reference), 21)</c> (larger values fall outside the bins, as in the
    /// tutorial's plots; Wasserstein-1 still uses every value).</summary>
    public IReadOnlyList<HistogramDistance> HistogramDistances { get; }

    public IReadOnlyList<FeatureComparison> YangLerch { get; }

    public IReadOnlyList<MusPySummary> MusPy { get; }

    /// <summary>Evaluates <paramref name="generated"/> against <paramref name="reference"/>.</summary>
    public static EvaluationReport Evaluate(IReadOnlyList<MidiSong> generated, IReadOnlyList<MidiSong> reference)
    {
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(reference);
        var g = NoteValues.FromSongs(generated);
        var r = NoteValues.FromSongs(reference);
        var integer = NoteHistograms.IntegerEdges(128);
        var histograms = new List<HistogramDistance>
        {
            HistogramDistance.Measure("pitch", g.Pitch, r.Pitch, integer),
            HistogramDistance.Measure("step", g.Step, r.Step, NoteHistograms.PercentileEdges(r.Step)),
            HistogramDistance.Measure("duration", g.Duration, r.Duration, NoteHistograms.PercentileEdges(r.Duration)),
            HistogramDistance.Measure("velocity", g.Velocity, r.Velocity, integer),
        };
        // mgeval's relative measures (KL, OA) use the leading n = min(|gen|, |ref|) samples of each set; the
        // absolute ones (mean, std) are over every song of their own set, so the reference's do not move with
        // the number of generated songs.
        var yangLerch = Evaluation.YangLerch.Compare(generated, reference)
            .Select(f => OwnSetStatistics(f, generated, reference)).ToList();
        return new EvaluationReport(generated.Count, reference.Count, histograms, yangLerch, MusPySummary.Compute(generated, reference));
    }

    /// <summary>Songs a Yang &amp; Lerch KL or OA needs in each set: two give one intra-set distance, too few for a density.</summary>
    public const int MinSongsForRelativeMeasures = 3;

    private static FeatureComparison OwnSetStatistics(FeatureComparison f, IReadOnlyList<MidiSong> generated, IReadOnlyList<MidiSong> reference)
    {
        var extract = Evaluation.YangLerch.DefaultFeatures.First(d => d.Name == f.Feature).Extract;
        var (m1, s1) = MeanStd(generated.Select(extract), f.MeanGenerated.Length);
        var (m2, s2) = MeanStd(reference.Select(extract), f.MeanReference.Length);
        return f with { MeanGenerated = m1, StdGenerated = s1, MeanReference = m2, StdReference = s2 };
    }

    /// <summary>Per-component mean and population std over the samples whose components are all finite (NaN when none).</summary>
    private static (double[] Mean, double[] Std) MeanStd(IEnumerable<double[]> samples, int dim)
    {
        var kept = samples.Where(v => v.All(double.IsFinite)).ToList();
        var mean = new double[dim];
        var std = new double[dim];
        for (int d = 0; d < dim; d++)
        {
            if (kept.Count == 0 || kept[0].Length != dim) { mean[d] = std[d] = double.NaN; continue; }
            double m = kept.Average(v => v[d]);
            mean[d] = m;
            std[d] = Math.Sqrt(kept.Average(v => (v[d] - m) * (v[d] - m)));
        }
        return (mean, std);
    }

    /// <summary>Histogram distances: one row per note value.</summary>
    public MetricsTable HistogramTable()
    {
        var t = new MetricsTable($"Histogram distances, generated ({GeneratedSongs} songs) vs reference ({ReferenceSongs})",
            new[] { "KL", "JS", "overlap", "Wasserstein-1" });
        foreach (var h in HistogramDistances) t.AddRow(h.Feature, h.Kl, h.JensenShannon, h.Overlap, h.Wasserstein1);
        return t;
    }

    /// <summary>Yang &amp; Lerch summary: mean/std per set (scalar features) and KL/OA of each
    /// intra-set distance distribution against the inter-set one.</summary>
    public MetricsTable YangLerchTable()
    {
        var t = new MetricsTable("Yang & Lerch (2020): absolute (mean, std) and relative (KL, OA) measurements",
            new[] { "gen mean", "gen std", "ref mean", "ref std", "KL intra-gen‖inter", "OA intra-gen/inter", "KL intra-ref‖inter", "OA intra-ref/inter" });
        foreach (var f in YangLerch)
        {
            double Scalar(double[] v) => f.IsScalar ? v[0] : double.NaN;
            t.AddRow(f.Feature, Scalar(f.MeanGenerated), Scalar(f.StdGenerated), Scalar(f.MeanReference), Scalar(f.StdReference),
                f.KlIntraGeneratedInter, f.OaIntraGeneratedInter, f.KlIntraReferenceInter, f.OaIntraReferenceInter);
        }
        return t;
    }

    /// <summary>MusPy metric means for both sets.</summary>
    public MetricsTable MusPyTable()
    {
        var t = new MetricsTable("MusPy metrics (mean over songs)", new[] { "generated", "reference" });
        foreach (var m in MusPy) t.AddRow(m.Metric, m.GeneratedMean, m.ReferenceMean);
        return t;
    }

    public override string ToString() => $"{HistogramTable().ToText()}\n{YangLerchTable().ToText()}\n{MusPyTable().ToText()}";
}

/// <summary>Displays a report as its three tables.</summary>
internal sealed class EvaluationReportFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters()
    {
        yield return new TypeFormatter<EvaluationReport>("text/plain", (r, w) => w.Write(r.ToString()));
        yield return new TypeFormatter<EvaluationReport>("text/html", (r, w) =>
            w.Write(r.HistogramTable().ToHtml() + r.YangLerchTable().ToHtml() + r.MusPyTable().ToHtml()));
    }
}
