namespace MusicGen.Evaluation;

/// <summary>
/// Lorinczi &amp; Brailovsky's <c>compare_real_pred_notes</c> (SOURCES.md §2.6): how many
/// positions of a predicted token sequence equal the real one.
/// </summary>
internal static class TokenAgreement
{
    /// <summary>
    /// 100 · (positions i &lt; min(len real, len predicted) with real[i] = predicted[i]) /
    /// len(predicted): the pairs are zipped to the shorter sequence, but the count is divided by the
    /// predicted length, as the original does. NaN for an empty prediction (the original divides by 0).
    /// </summary>
    public static double MatchPercentage(IReadOnlyList<int> real, IReadOnlyList<int> predicted)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(predicted);
        if (predicted.Count == 0) return double.NaN;
        var matches = 0;
        for (var i = 0; i < Math.Min(real.Count, predicted.Count); i++)
            if (real[i] == predicted[i]) matches++;
        return 100.0 * matches / predicted.Count;
    }
}
