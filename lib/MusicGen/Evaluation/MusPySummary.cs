using MusicGen.Midi;

namespace MusicGen.Evaluation;

/// <summary>
/// Mean of one MusPy metric (SOURCES.md §5.2) over the songs of each set. Songs where the
/// metric is undefined (NaN, e.g. drum metrics without drums) are left out of the mean, as
/// <c>np.nanmean</c> does; the counts say how many songs were defined.
/// </summary>
/// <param name="Metric">MusPy's function name.</param>
/// <param name="GeneratedMean">Mean over generated songs (NaN if none defined).</param>
/// <param name="ReferenceMean">Mean over reference songs (NaN if none defined).</param>
/// <param name="GeneratedDefined">Generated songs where the metric is defined.</param>
/// <param name="ReferenceDefined">Reference songs where the metric is defined.</param>
public sealed record MusPySummary(string Metric, double GeneratedMean, double ReferenceMean, int GeneratedDefined, int ReferenceDefined)
{
    /// <summary>The metrics of the summary, by MusPy's names (scale- and meter-specific rates use
    /// C major and duple meter; the consistencies take the best root/mode and meter).</summary>
    public static IReadOnlyList<(string Name, Func<StepSong, double> Compute)> Metrics { get; } = new (string, Func<StepSong, double>)[]
    {
        ("pitch_range", MusPyMetrics.PitchRange),
        ("n_pitches_used", MusPyMetrics.NPitchesUsed),
        ("n_pitch_classes_used", MusPyMetrics.NPitchClassesUsed),
        ("polyphony", MusPyMetrics.Polyphony),
        ("polyphony_rate", m => MusPyMetrics.PolyphonyRate(m)),
        ("pitch_in_scale_rate", m => MusPyMetrics.PitchInScaleRate(m, 0, "major")),
        ("scale_consistency", MusPyMetrics.ScaleConsistency),
        ("pitch_entropy", MusPyMetrics.PitchEntropy),
        ("pitch_class_entropy", MusPyMetrics.PitchClassEntropy),
        ("empty_beat_rate", MusPyMetrics.EmptyBeatRate),
        ("empty_measure_rate", m => MusPyMetrics.EmptyMeasureRate(m, m.MeasureResolution)),
        ("groove_consistency", m => MusPyMetrics.GrooveConsistency(m, m.MeasureResolution)),
        ("drum_in_pattern_rate", m => MusPyMetrics.DrumInPatternRate(m, "duple")),
        ("drum_pattern_consistency", MusPyMetrics.DrumPatternConsistency),
    };

    /// <summary>Every metric of <see cref="Metrics"/> for both sets.</summary>
    public static List<MusPySummary> Compute(IReadOnlyList<MidiSong> generated, IReadOnlyList<MidiSong> reference, int resolution = MusPyMetrics.DefaultResolution)
    {
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(reference);
        var g = generated.Select(s => StepSong.From(s, resolution)).ToList();
        var r = reference.Select(s => StepSong.From(s, resolution)).ToList();
        var list = new List<MusPySummary>();
        foreach (var (name, f) in Metrics)
        {
            var (gm, gn) = NanMean(g.Select(f));
            var (rm, rn) = NanMean(r.Select(f));
            list.Add(new MusPySummary(name, gm, rm, gn, rn));
        }
        return list;
    }

    private static (double Mean, int Count) NanMean(IEnumerable<double> values)
    {
        double s = 0;
        var n = 0;
        foreach (var v in values)
        {
            if (double.IsNaN(v)) continue;
            s += v;
            n++;
        }
        return (n == 0 ? double.NaN : s / n, n);
    }
}
