using MusicGen.Nn;

namespace MusicGen.Cli.Bench;

/// <summary>
/// FLOPs of the matrix products in one training step (2 per multiply-add); element-wise work is not
/// counted. Backward costs the forward product again for the weight gradient and once more for the
/// input gradient, which a first layer (input without grad) skips.
/// </summary>
internal static class FlopCount
{
    /// <summary>One LSTM layer over (T, B, I) with hidden size H: gates (T·B, 4H) from I + H inputs.</summary>
    public static double Lstm(int t, int b, int i, int h, bool inputNeedsGrad)
    {
        double gates = 2.0 * t * b * 4 * h;
        var forward = gates * (i + h);
        var weightGrads = gates * (i + h);
        var hiddenGrad = gates * h;
        var inputGrad = inputNeedsGrad ? gates * i : 0;
        return forward + weightGrads + hiddenGrad + inputGrad;
    }

    /// <summary>A Linear layer on (B, in) → (B, out).</summary>
    public static double Linear(int b, int inFeatures, int outFeatures, bool inputNeedsGrad = true) =>
        2.0 * b * inFeatures * outFeatures * (inputNeedsGrad ? 3 : 2);
}
