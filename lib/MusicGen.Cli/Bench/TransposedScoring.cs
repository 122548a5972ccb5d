using MusicGen.Evaluation;
using MusicGen.Models;
using MusicGen.Nn;

namespace MusicGen.Cli.Bench;

/// <summary>
/// Test-time transposition for <c>bench nll --test-transpose K</c>: a network trained on randomly transposed pieces
/// also predicts each piece transposed by s semitones, s = −K … K. Shift s's prediction of key j + s is read back as a
/// prediction of key j, and the probabilities of all shifts are averaged per key: p(j) = mean_s σ(z_s[j + s]). Each
/// shifted forward pass sees only the piece's history, transposed (notes that would leave the 88 keys are dropped from
/// that input), and keys a shift cannot cover (j + s outside 0 … 87) take the untransposed prediction, so every p(j)
/// is a probability given the history alone: the mixture is a model the SOURCES.md §6.1 NLL scores like any other
/// (<see cref="FrameNll.FromEnsembleLogits"/>), and with an ensemble every (network, shift) pair is one component.
/// </summary>
internal static class TransposedScoring
{
    /// <summary>Per shift s = −<paramref name="range"/> … <paramref name="range"/> (s = 0 first), the (T − 1, 88) logits of
    /// <paramref name="model"/> on every piece, mapped back to the original keys.</summary>
    public static List<List<float[,]>> Logits(Module<Tensor, Tensor> model, IReadOnlyList<float[,]> pieces, int range)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(range);
        var unshifted = PianoRollTask.Logits(model, pieces);
        var all = new List<List<float[,]>> { unshifted };
        for (int s = -range; s <= range; s++)
        {
            if (s == 0) continue;
            var shifted = PianoRollTask.Logits(model, pieces.Select(p => Transpose(p, s)).ToList());
            all.Add(shifted.Select((z, i) => MapBack(z, unshifted[i], s)).ToList());
        }
        return all;
    }

    /// <summary>The piece moved up by <paramref name="shift"/> keys (down when negative); notes pushed past either end are dropped.</summary>
    public static float[,] Transpose(float[,] piece, int shift)
    {
        int t = piece.GetLength(0), k = piece.GetLength(1);
        var y = new float[t, k];
        for (int r = 0; r < t; r++)
            for (int j = 0; j < k; j++)
            {
                int to = j + shift;
                if (to >= 0 && to < k) y[r, to] = piece[r, j];
            }
        return y;
    }

    /// <summary>Logits of the shifted piece read back at the original keys: z[r, j] = shifted[r, j + s], or the
    /// untransposed logit where key j + s does not exist.</summary>
    public static float[,] MapBack(float[,] shifted, float[,] unshifted, int shift)
    {
        int t = shifted.GetLength(0), k = shifted.GetLength(1);
        var z = new float[t, k];
        for (int r = 0; r < t; r++)
            for (int j = 0; j < k; j++)
            {
                int from = j + shift;
                z[r, j] = from >= 0 && from < k ? shifted[r, from] : unshifted[r, j];
            }
        return z;
    }
}
