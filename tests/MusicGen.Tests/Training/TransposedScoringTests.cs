using MusicGen.Cli.Bench;
using MusicGen.Evaluation;
using MusicGen.Models;
using MusicGen.Nn;

namespace MusicGen.Tests.Training;

/// <summary><c>bench nll --test-transpose</c>: the mixture over test-time transpositions against a direct computation
/// of its definition, one piece and one shift at a time, in double precision.</summary>
public class TransposedScoringTests
{
    static List<float[,]> RandomPieces(int seed)
    {
        var gen = new Generator((ulong)seed);
        var pieces = new List<float[,]>();
        foreach (var t in new[] { 6, 9, 4 })
        {
            var p = new float[t, FrameNll.Keys];
            for (int r = 0; r < t; r++)
                for (int j = 0; j < FrameNll.Keys; j++)
                    p[r, j] = gen.NextFloat() < 0.08f ? 1f : 0f;
            p[0, 0] = 1f; p[1, 87] = 1f; // notes at both ends: shifts push them off the keyboard
            pieces.Add(p);
        }
        return pieces;
    }

    [Fact]
    public void Transpose_moves_notes_and_drops_those_off_the_keyboard()
    {
        var p = new float[2, FrameNll.Keys];
        p[0, 0] = 1; p[0, 40] = 1; p[1, 87] = 1;
        var up = TransposedScoring.Transpose(p, 2);
        Assert.Equal(1, up[0, 2]); Assert.Equal(1, up[0, 42]); Assert.Equal(2, up.Cast<float>().Sum()); // key 87 + 2 is gone
        var z = new float[1, FrameNll.Keys]; var fallback = new float[1, FrameNll.Keys];
        for (int j = 0; j < FrameNll.Keys; j++) { z[0, j] = j; fallback[0, j] = -1 - j; }
        var back = TransposedScoring.MapBack(z, fallback, 3);
        Assert.Equal(3, back[0, 0]);        // key 0 was predicted at key 3 of the shifted piece
        Assert.Equal(-1 - 86, back[0, 86]); // key 89 does not exist: the untransposed logit
    }

    [Fact]
    public void Mixture_nll_equals_its_definition_computed_piece_by_piece()
    {
        PianoRollLstm model;
        using (Torch.UseGenerator(new Generator(5))) model = new PianoRollLstm(hiddenSize: 6, numLayers: 1, dropout: 0f);
        model.Eval();
        var pieces = RandomPieces(9);
        const int range = 2;
        var ours = FrameNll.FromEnsembleLogits(TransposedScoring.Logits(model, pieces, range), pieces);

        // The definition: p(j) = mean over s of σ(z_s[j + s]) from the model run on the piece transposed by s (its own
        // forward pass, batch 1), σ(z_0[j]) where key j + s does not exist; NLL = −Σ log-likelihood / predicted frames.
        double sum = 0; long frames = 0;
        using var noGrad = Torch.NoGrad();
        foreach (var piece in pieces)
        {
            int t = piece.GetLength(0), k = FrameNll.Keys;
            float[] Forward(float[,] input)
            {
                var x = new float[(t - 1) * k];
                for (int r = 0; r < t - 1; r++) for (int j = 0; j < k; j++) x[r * k + j] = input[r, j];
                return model.Forward(Tensor.FromArray(x, 1, t - 1, k)).ToArray();
            }
            var z0 = Forward(piece);
            var zs = Enumerable.Range(-range, 2 * range + 1).ToDictionary(s => s, s => Forward(TransposedScoring.Transpose(piece, s)));
            for (int r = 0; r < t - 1; r++)
                for (int j = 0; j < k; j++)
                {
                    double p = 0;
                    for (int s = -range; s <= range; s++)
                        p += 1 / (1 + Math.Exp(-(j + s >= 0 && j + s < k ? zs[s][r * k + j + s] : z0[r * k + j])));
                    p /= 2 * range + 1;
                    sum += piece[r + 1, j] != 0 ? Math.Log(p) : Math.Log(1 - p);
                }
            frames += t - 1;
        }
        Assert.Equal(-sum / frames, ours, 4);
        // With no shifts it is the plain NLL of the network.
        Assert.Equal(FrameNll.FromLogits(PianoRollTask.Logits(model, pieces), pieces),
            FrameNll.FromEnsembleLogits(TransposedScoring.Logits(model, pieces, 0), pieces), 10);
    }
}
