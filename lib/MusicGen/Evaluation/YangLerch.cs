using MusicGen.Midi;

namespace MusicGen.Evaluation;

/// <summary>
/// Set-level Yang &amp; Lerch (2020) evaluation (SOURCES.md §5.1): extracts each absolute
/// measurement from every song of two sets and compares them with
/// <see cref="RelativeMeasures.Compare"/>. The default feature list is mgeval's whole-song set:
/// pitch count, pitch class histogram, pitch class transition matrix (normalize 0), pitch range,
/// average pitch interval, note count, average inter-onset interval, note length histogram and
/// note length transition matrix (normalize 0).
/// </summary>
public static class YangLerch
{
    /// <summary>The default features, by mgeval's names, with their extractors.</summary>
    public static IReadOnlyList<(string Name, Func<MidiSong, double[]> Extract)> DefaultFeatures { get; } = new (string, Func<MidiSong, double[]>)[]
    {
        ("total_used_pitch", s => new[] { YangLerchFeatures.TotalUsedPitch(s) }),
        ("total_pitch_class_histogram", YangLerchFeatures.TotalPitchClassHistogram),
        ("pitch_class_transition_matrix", s => YangLerchFeatures.PitchClassTransitionMatrix(s)),
        ("pitch_range", s => new[] { YangLerchFeatures.PitchRange(s) }),
        ("avg_pitch_shift", s => new[] { YangLerchFeatures.AvgPitchShift(s) }),
        ("total_used_note", s => new[] { YangLerchFeatures.TotalUsedNote(s) }),
        ("avg_IOI", s => new[] { YangLerchFeatures.AvgIoi(s) }),
        ("note_length_hist", s => YangLerchFeatures.NoteLengthHist(s)),
        ("note_length_transition_matrix", s => YangLerchFeatures.NoteLengthTransitionMatrix(s)),
    };

    /// <summary>
    /// mgeval's per-bar features with a fixed number of bars (so every song's vector has the same
    /// length, as the relative measures need): <c>bar_used_pitch</c>, <c>bar_used_note</c> and
    /// <c>bar_pitch_class_histogram</c> (at the assumed tempo <paramref name="bpm"/>).
    /// </summary>
    public static IReadOnlyList<(string Name, Func<MidiSong, double[]> Extract)> BarFeatures(int numBar, double bpm = 120)
    {
        if (numBar < 1) throw new ArgumentOutOfRangeException(nameof(numBar), numBar, "Per-bar features need at least one bar.");
        return new (string, Func<MidiSong, double[]>)[]
        {
            ("bar_used_pitch", s => YangLerchFeatures.BarUsedPitch(s, numBar)),
            ("bar_used_note", s => YangLerchFeatures.BarUsedNote(s, numBar)),
            ("bar_pitch_class_histogram", s => YangLerchFeatures.BarPitchClassHistogram(s, numBar, bpm)),
        };
    }

    /// <summary>Compares <paramref name="generated"/> with <paramref name="reference"/> on every default feature,
    /// one <see cref="FeatureComparison"/> each.</summary>
    public static List<FeatureComparison> Compare(IReadOnlyList<MidiSong> generated, IReadOnlyList<MidiSong> reference) =>
        Compare(generated, reference, DefaultFeatures);

    /// <summary>Compares the generated set with the reference set on the given features.</summary>
    public static List<FeatureComparison> Compare(IReadOnlyList<MidiSong> generated, IReadOnlyList<MidiSong> reference,
        IEnumerable<(string Name, Func<MidiSong, double[]> Extract)> features)
    {
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(features);
        var r = new List<FeatureComparison>();
        foreach (var (name, extract) in features)
        {
            Runtime.Interruption.ThrowIfRequested();
            var f1 = generated.Select(extract).ToList();
            var f2 = reference.Select(extract).ToList();
            r.Add(RelativeMeasures.Compare(name, f1, f2));
        }
        return r;
    }

    /// <summary>
    /// Compares every set of <paramref name="generatedSets"/> with the same <paramref name="reference"/> on the given
    /// features (default: <see cref="DefaultFeatures"/>): the same numbers as calling
    /// <see cref="Compare(IReadOnlyList{MidiSong}, IReadOnlyList{MidiSong}, IEnumerable{ValueTuple{string, Func{MidiSong, double[]}}})"/>
    /// once per set, but the reference's features are extracted once, and the (set, feature) comparisons, which are
    /// independent, run on all cores. An evaluation of many models against one reference (notebook 07) is mostly this.
    /// </summary>
    /// <returns>One list per set, in the order given, each as <see cref="Compare(IReadOnlyList{MidiSong}, IReadOnlyList{MidiSong})"/> returns it.</returns>
    public static List<List<FeatureComparison>> CompareSets(IReadOnlyList<IReadOnlyList<MidiSong>> generatedSets, IReadOnlyList<MidiSong> reference,
        IEnumerable<(string Name, Func<MidiSong, double[]> Extract)>? features = null)
    {
        ArgumentNullException.ThrowIfNull(generatedSets);
        ArgumentNullException.ThrowIfNull(reference);
        var list = (features ?? DefaultFeatures).ToList();
        foreach (var set in generatedSets) ArgumentNullException.ThrowIfNull(set, nameof(generatedSets));
        var token = Runtime.Interruption.Current;
        var options = new ParallelOptions { CancellationToken = token };
        // Reference features once per feature; then every (set, feature) pair on its own.
        var referenceFeatures = new List<double[]>[list.Count];
        Parallel.For(0, list.Count, options, f => referenceFeatures[f] = reference.Select(list[f].Extract).ToList());
        var results = new FeatureComparison[generatedSets.Count, list.Count];
        Parallel.For(0, generatedSets.Count * list.Count, options, k =>
        {
            int set = k / list.Count, f = k % list.Count;
            var generated = generatedSets[set].Select(list[f].Extract).ToList();
            results[set, f] = RelativeMeasures.Compare(list[f].Name, generated, referenceFeatures[f]);
        });
        return Enumerable.Range(0, generatedSets.Count).Select(s => Enumerable.Range(0, list.Count).Select(f => results[s, f]).ToList()).ToList();
    }
}
