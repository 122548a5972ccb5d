using MusicGen.Data;
using MusicGen.Evaluation;
using MusicGen.Models;
using MusicGen.Nn;

namespace MusicGen.Tests.Training;

/// <summary>The pianoroll-lstm loss is the frame NLL of SOURCES.md §6.1, also when pieces are batched.</summary>
public class PianoRollTaskTests
{
    static double Loss(PianoRollTask task, Module<Tensor, Tensor> model, params int[] validIndices)
    {
        model.Eval();
        using var _ = Torch.NoGrad();
        var v = task.ValidLoss(model, validIndices).Item();
        model.Train();
        return v;
    }

    [Fact]
    public void Probability_one_half_everywhere_gives_88_ln_2()
    {
        var pieces = TrainingFixtures.Pieces(3, 5, 17, 2, 9);
        var task = new PianoRollTask(pieces, pieces);
        var model = TrainingFixtures.TinyModel(1);
        model.Linear.Weight.Data.Clear();          // logits 0 → p = 0.5 for every key
        model.Linear.Bias!.Data.Clear();
        double expected = 88 * Math.Log(2);
        Assert.Equal(expected, Loss(task, model, 0, 1, 2, 3), 4);
        Assert.Equal(expected, PianoRollTask.Nll(model, pieces), 10);
    }

    [Fact]
    public void Output_bias_init_starts_at_the_independent_key_frequencies()
    {
        var pieces = TrainingFixtures.Pieces(7, 30, 20, 25);
        var model = TrainingFixtures.TinyModel(1);
        model.Linear.Weight.Data.Clear();          // the output is the bias alone
        model.InitOutputBias(pieces);
        // Baseline of SOURCES.md §6.2: independent Bernoulli per key, Laplace-smoothed frequencies.
        double frames = pieces.Sum(p => p.GetLength(0)), sum = 0;
        for (int k = 0; k < 88; k++)
        {
            double on = pieces.Sum(p => Enumerable.Range(0, p.GetLength(0)).Sum(t => (double)p[t, k]));
            double f = (on + 1) / (frames + 2);
            foreach (var p in pieces)
                for (int t = 1; t < p.GetLength(0); t++) sum -= p[t, k] == 1 ? Math.Log(f) : Math.Log(1 - f);
        }
        double scored = pieces.Sum(p => p.GetLength(0) - 1);
        Assert.Equal(sum / scored, PianoRollTask.Nll(model, pieces), 4);
        Assert.True(sum / scored < 88 * Math.Log(2));
    }

    [Fact]
    public void Batched_padded_loss_equals_the_pooled_FrameNll()
    {
        // Different lengths, so the batch pads three of the four pieces.
        var pieces = TrainingFixtures.Pieces(4, 12, 3, 25, 7);
        var task = new PianoRollTask(pieces, pieces);
        var model = TrainingFixtures.TinyModel(2);
        var logits = PianoRollTask.Logits(model, pieces, batchSize: 4);
        double pooled = FrameNll.FromLogits(logits, pieces);
        // The same through probabilities, per piece (no padding at all): the definition, independently.
        var probs = pieces.Select(p =>
        {
            model.Eval();
            using var _ = Torch.NoGrad();
            var z = model.Forward(Tensor.FromArray(Flat(p, p.GetLength(0) - 1), 1, p.GetLength(0) - 1, 88)).ToArray();
            model.Train();
            var r = new float[p.GetLength(0) - 1, 88];
            for (int i = 0; i < z.Length; i++) r[i / 88, i % 88] = 1f / (1f + MathF.Exp(-z[i]));
            return r;
        }).ToList();
        Assert.Equal(FrameNll.FromProbabilities(probs, pieces), pooled, 4);
        Assert.Equal(pooled, Loss(task, model, 0, 1, 2, 3), 4);
        // A mean of per-piece means would differ: the loss pools frames.
        double perPieceMean = Enumerable.Range(0, 4).Average(i => Loss(task, model, i));
        Assert.NotEqual(Math.Round(pooled, 3), Math.Round(perPieceMean, 3));
        Assert.Equal(pieces.Sum(p => p.GetLength(0) - 1), task.ValidFrames);
    }

    static float[] Flat(float[,] p, int rows)
    {
        var f = new float[rows * 88];
        for (int t = 0; t < rows; t++)
            for (int k = 0; k < 88; k++) f[t * 88 + k] = p[t, k];
        return f;
    }

    [Fact]
    public void Transposition_shifts_whole_pieces_inside_the_keyboard_and_is_reproducible()
    {
        // One piece using keys 2 … 5 only: shifts are limited to −2 … +6 with range 6.
        var piece = new float[6, 88];
        for (int t = 0; t < 6; t++) { piece[t, 2 + t % 4] = 1; piece[t, 5] = 1; }
        var task = new PianoRollTask([piece], []) { TransposeRange = 6 };
        var model = TrainingFixtures.TinyModel(1);
        model.Linear.Weight.Data.Clear();
        for (int k = 0; k < 88; k++) model.Linear.Bias!.Data[k] = k * 0.01f - 0.3f;  // the loss depends on the shift
        double Plain(int shift)
        {
            var moved = new float[6, 88];
            for (int t = 0; t < 6; t++) for (int k = 0; k < 88; k++) if (piece[t, k] == 1) moved[t, k + shift] = 1;
            return PianoRollTask.Nll(model, [moved]);
        }
        var allowed = Enumerable.Range(-2, 9).Select(Plain).ToList();
        var seen = new HashSet<int>();
        using (Torch.UseGenerator(new Generator(5)))
            for (int i = 0; i < 60; i++)
            {
                double loss = task.TrainLoss(model, [0]).Item();
                int match = allowed.FindIndex(a => Math.Abs(a - loss) < 1e-4);
                Assert.True(match >= 0, $"loss {loss} is no allowed transposition");
                seen.Add(match - 2);
            }
        Assert.Equal(9, seen.Count);                   // every shift −2 … +6 occurs
        Assert.Equal(Plain(0), Loss(new PianoRollTask([piece], [piece]) { TransposeRange = 6 }, model, 0), 4);  // validation never shifts
        float Draw(ulong seed) { using var _ = Torch.UseGenerator(new Generator(seed)); return task.TrainLoss(model, [0]).Item(); }
        Assert.Equal(Draw(9), Draw(9));
    }

    [Fact]
    public void Tiny_training_lowers_the_loss()
    {
        var task = TrainingFixtures.TinyTask();
        var model = TrainingFixtures.TinyModel(3, dropout: 0);
        var h = new Trainer(model, TrainingFixtures.Adam(model, lr: 0.03), new TrainerOptions { Epochs = 15, BatchSize = 4, ClipGradNorm = 1 }).Fit(task);
        Assert.True(h.TrainLoss[^1] < 0.75 * h.TrainLoss[0], $"train {h.TrainLoss[0]} → {h.TrainLoss[^1]}");
        Assert.True(h.BestLoss < 0.8 * h.ValidLoss[0], $"valid {h.ValidLoss[0]} → best {h.BestLoss}");
    }

    [Fact]
    public void Step_by_step_generation_outputs_match_the_full_forward_pass()
    {
        var piece = TrainingFixtures.Pieces(5, 9)[0];
        var model = TrainingFixtures.TinyModel(4);
        model.Eval();
        using var _ = Torch.NoGrad();
        var full = model.Forward(Tensor.FromArray(Flat(piece, 9), 1, 9, 88)).ToArray();
        var state = new RecurrentState();
        model.Step(Tensor.FromArray(Flat(piece, 4), 1, 4, 88), state);
        for (int t = 4; t < 9; t++)
        {
            var row = new float[88];
            for (int k = 0; k < 88; k++) row[k] = piece[t, k];
            var z = model.Step(Tensor.FromArray(row, 1, 1, 88), state).ToArray();
            for (int k = 0; k < 88; k++) Assert.Equal(full[t * 88 + k], z[k], 5);
        }
    }

    [Fact]
    public void Forget_gate_bias_and_parameter_count_follow_the_settings()
    {
        var m = new PianoRollLstm(hiddenSize: 200, numLayers: 2, dropout: 0.2f, forgetBias: 3f);
        // PyTorch counts: 4H(88 + H) + 8H, 4H(H + H) + 8H, H·88 + 88.
        Assert.Equal(232_000 + 321_600 + 17_688, m.ParameterCount());
        var b = m.Lstm.StateDict()["bias_ih_l1"].ToArray();
        Assert.All(b.AsSpan(200, 200).ToArray(), v => Assert.Equal(3f, v));
        Assert.All(m.Lstm.StateDict()["bias_hh_l1"].ToArray().AsSpan(200, 200).ToArray(), v => Assert.Equal(0f, v));
        Assert.Contains(b.AsSpan(0, 200).ToArray(), v => v != 0f && v != 3f);   // other gates keep the uniform init
    }

    [Fact]
    public void Input_dropout_acts_only_while_training_and_adds_no_parameters()
    {
        PianoRollLstm Make(float p)
        {
            using var g = Torch.UseGenerator(new Generator(4));
            return new PianoRollLstm(hiddenSize: 16, numLayers: 1, dropout: 0f, inputDropout: p);
        }
        var plain = Make(0f);
        var dropped = Make(0.5f);
        Assert.Null(plain.InputDropout);
        Assert.Equal(plain.ParameterCount(), dropped.ParameterCount());
        var x = Tensor.FromArray(TrainingFixtures.Pieces(3, 20)[0].Cast<float>().ToArray(), 1, 20, 88);
        plain.Eval();
        dropped.Eval();
        using (Torch.NoGrad())
            Assert.Equal(plain.Forward(x).ToArray(), dropped.Forward(x).ToArray());
        dropped.Train();
        using (Torch.NoGrad())
        using (Torch.UseGenerator(new Generator(1)))
            Assert.NotEqual(plain.Forward(x).ToArray(), dropped.Forward(x).ToArray());
    }

    [Fact]
    public void Pieces_shorter_than_two_frames_are_dropped_and_bad_shapes_rejected()
    {
        var pieces = TrainingFixtures.Pieces(6, 1, 4);
        var task = new PianoRollTask(pieces, []);
        Assert.Equal(1, task.TrainCount);
        Assert.Equal(3, task.TrainFrames);
        Assert.Contains("88", Assert.Throws<ArgumentException>(() => new PianoRollTask([new float[4, 12]], [])).Message);
        Assert.Throws<ArgumentException>(() => new PianoRollTask(TrainingFixtures.Pieces(6, 1), []));
        Assert.Equal(PianoRollDataset.Keys, FrameNll.Keys);
    }
}
