using MusicGen.Evaluation;

namespace MusicGen.Tests.Evaluation;

/// <summary>Frame-level NLL of SOURCES.md §6.1.</summary>
public class FrameNllTests
{
    private static float[,] Fill(int rows, int cols, Func<int, int, float> f)
    {
        var a = new float[rows, cols];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < cols; j++) a[i, j] = f(i, j);
        return a;
    }

    [Fact]
    public void Coin_flip_predictions_give_88_ln_2_nats_per_frame()
    {
        var rng = new Random(5);
        var pieces = new[] { 7, 3, 12 }.Select(t => Fill(t, 88, (_, _) => rng.Next(2))).ToList();
        var half = pieces.Select(p => Fill(p.GetLength(0) - 1, 88, (_, _) => 0.5f)).ToList();
        var nll = FrameNll.FromProbabilities(half, pieces);
        Assert.Equal(88 * Math.Log(2), nll, 9);
        Assert.Equal(61.00, Math.Round(nll, 2));
        var zeros = pieces.Select(p => Fill(p.GetLength(0) - 1, 88, (_, _) => 0f)).ToList();
        Assert.Equal(88 * Math.Log(2), FrameNll.FromLogits(zeros, pieces), 9);
    }

    [Fact]
    public void Frames_are_pooled_across_pieces_and_the_first_frame_is_not_scored()
    {
        // Two keys. Piece A: 3 frames (2 scored), piece B: 2 frames (1 scored).
        var a = new float[,] { { 1, 1 }, { 1, 0 }, { 0, 1 } };
        var b = new float[,] { { 0, 0 }, { 1, 1 } };
        var pa = new float[,] { { 0.8f, 0.3f }, { 0.4f, 0.9f } };
        var pb = new float[,] { { 0.6f, 0.5f } };
        // The probabilities are float32; the sums are taken in double, as the implementation does.
        double A = Math.Log(0.8f) + Math.Log(1 - (double)0.3f) + Math.Log(1 - (double)0.4f) + Math.Log(0.9f);
        double B = Math.Log(0.6f) + Math.Log(0.5f);
        var nll = FrameNll.FromProbabilities(new[] { pa, pb }, new[] { a, b });
        Assert.Equal(-(A + B) / 3, nll, 12);
        // Not the mean of per-piece means.
        Assert.NotEqual(-(A / 2 + B / 1) / 2, nll, 6);
        Assert.Equal(nll, FrameNll.Pool(new[] { (A, 2L), (B, 1L) }), 12);
    }

    [Fact]
    public void Logits_agree_with_probabilities_and_stay_finite_when_saturated()
    {
        var rng = new Random(9);
        var piece = Fill(6, 88, (_, _) => rng.Next(2));
        var logits = Fill(5, 88, (_, _) => (float)(rng.NextDouble() * 8 - 4));
        var probs = Fill(5, 88, (i, j) => (float)(1 / (1 + Math.Exp(-logits[i, j]))));
        Assert.Equal(FrameNll.FromProbabilities(new[] { probs }, new[] { piece }), FrameNll.FromLogits(new[] { logits }, new[] { piece }), 4);

        // A confident wrong logit of ±200: probabilities saturate to exactly 0/1 in float (∞),
        // the log-sigmoid form gives the exact 200 nats.
        var y = new float[,] { { 0 }, { 1 } };
        Assert.Equal(200.0, FrameNll.FromLogits(new[] { new float[,] { { -200 } } }, new[] { y }), 9);
        Assert.True(double.IsPositiveInfinity(FrameNll.FromProbabilities(new[] { new float[,] { { 0f } } }, new[] { y })));
    }

    [Fact]
    public void Shape_mismatch_is_reported()
    {
        var piece = new float[3, 88];
        var ex = Assert.Throws<ArgumentException>(() => FrameNll.FromProbabilities(new[] { new float[3, 88] }, new[] { piece }));
        Assert.Contains("first frame", ex.Message);
        Assert.True(double.IsNaN(FrameNll.FromProbabilities(new[] { new float[0, 88] }, new[] { new float[1, 88] })));
    }

    [Fact]
    public void Ensemble_of_one_is_FromLogits_and_of_three_is_the_mean_probability()
    {
        var rng = new Random(11);
        var pieces = new[] { 9, 2, 15 }.Select(t => Fill(t, 88, (_, _) => rng.Next(4) == 0 ? 1 : 0)).ToList();
        List<float[,]> Member() => pieces.Select(p => Fill(p.GetLength(0) - 1, 88, (_, _) => (float)(rng.NextDouble() * 12 - 6))).ToList();
        var a = Member();
        Assert.Equal(FrameNll.FromLogits(a, pieces), FrameNll.FromEnsembleLogits([a], pieces), 10);

        // Naive reference: p = mean of σ(z) in double, then the §6.1 formula.
        var members = new[] { a, Member(), Member() };
        double sum = 0;
        long frames = 0;
        for (int s = 0; s < pieces.Count; s++)
        {
            for (int r = 0; r < pieces[s].GetLength(0) - 1; r++)
                for (int k = 0; k < 88; k++)
                {
                    double p = members.Average(m => 1 / (1 + Math.Exp(-(double)m[s][r, k])));
                    sum += pieces[s][r + 1, k] != 0 ? Math.Log(p) : Math.Log(1 - p);
                }
            frames += pieces[s].GetLength(0) - 1;
        }
        Assert.Equal(-sum / frames, FrameNll.FromEnsembleLogits(members, pieces), 9);
        // Mixing never scores worse than the members' mean NLL (the log of a mean is at least the mean of the logs).
        Assert.True(FrameNll.FromEnsembleLogits(members, pieces) <= members.Average(m => FrameNll.FromLogits(m, pieces)) + 1e-12);
    }

    [Fact]
    public void Ensemble_of_saturated_logits_stays_finite()
    {
        // σ(40) is 1 in float and in double; the mixture with a member that says 0.5 must still give a finite score.
        var piece = new float[,] { { 0 }, { 0 } };
        var sure = new[] { new float[,] { { 40f } } };
        var unsure = new[] { new float[,] { { 0f } } };
        double nll = FrameNll.FromEnsembleLogits([sure, unsure], [piece]);
        Assert.Equal(-Math.Log((Math.Exp(-40) + 0.5) / 2), nll, 9);
        Assert.Throws<ArgumentException>(() => FrameNll.FromEnsembleLogits([], [piece]));
    }
}
