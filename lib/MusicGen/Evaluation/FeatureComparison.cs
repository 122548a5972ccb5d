namespace MusicGen.Evaluation;

/// <summary>
/// One row of the Yang &amp; Lerch (2020) report for a feature (SOURCES.md §5.1): the absolute
/// measurement's mean and standard deviation (population, ddof = 0, per component as NumPy's
/// <c>mean/std(axis=0)</c>) over each set, and the relative measurements KL and overlapping area
/// (OA) of the intra-set distance distribution of the generated set (then the reference set) against the inter-set one.
/// "Generated" is the first set given to <see cref="YangLerch.Compare(IReadOnlyList{Midi.MidiSong}, IReadOnlyList{Midi.MidiSong})"/>,
/// "reference" the second (mgeval's set 1 and set 2).
/// </summary>
/// <param name="Feature">Feature name, e.g. <c>total_used_pitch</c>.</param>
/// <param name="Samples">n = min(|set1|, |set2|) samples used from each set (after dropping
/// samples whose feature is undefined, e.g. NaN for a song without notes).</param>
/// <param name="MeanGenerated">Per-component mean over the generated set (length 1 for a scalar feature, 12 for a
/// histogram, 144 for a 12×12 matrix, row-major).</param>
/// <param name="StdGenerated">Per-component population standard deviation over the generated set.</param>
/// <param name="MeanReference">Per-component mean over the reference set.</param>
/// <param name="StdReference">Per-component population standard deviation over the reference set.</param>
/// <param name="KlIntraGeneratedInter">KL(KDE of intra(generated) ‖ KDE of inter), <c>kl_dist</c>.</param>
/// <param name="OaIntraGeneratedInter">Overlapping area of intra(generated) and inter, <c>overlap_area</c>.</param>
/// <param name="KlIntraReferenceInter">KL(intra(reference) ‖ inter).</param>
/// <param name="OaIntraReferenceInter">Overlapping area of intra(reference) and inter.</param>
public sealed record FeatureComparison(
    string Feature,
    int Samples,
    double[] MeanGenerated,
    double[] StdGenerated,
    double[] MeanReference,
    double[] StdReference,
    double KlIntraGeneratedInter,
    double OaIntraGeneratedInter,
    double KlIntraReferenceInter,
    double OaIntraReferenceInter)
{
    /// <summary>True when the feature is a single number (mean and std print as numbers).</summary>
    public bool IsScalar => MeanGenerated.Length == 1;
}
