using MusicGen.Models;
using MusicGen.Nn;
using MusicGen.Nn.Optim;

namespace MusicGen.Tests.Training;

/// <summary>Small models and tasks that train in milliseconds.</summary>
internal static class TrainingFixtures
{
    /// <summary>Random binary pieces (T, 88) of the given lengths; each key is on with probability 0.1 and
    /// frame t + 1 repeats frame t's keys shifted up one semitone (learnable), so a model can beat 88·ln 2.</summary>
    public static List<float[,]> Pieces(ulong seed, params int[] lengths)
    {
        var g = new Generator(seed);
        var result = new List<float[,]>();
        foreach (var t in lengths)
        {
            var p = new float[t, 88];
            for (int k = 0; k < 88; k++) p[0, k] = g.NextDouble() < 0.1 ? 1 : 0;
            for (int i = 1; i < t; i++)
                for (int k = 0; k < 88; k++) p[i, k] = (k > 0 && p[i - 1, k - 1] == 1) || g.NextDouble() < 0.02 ? 1 : 0;
            result.Add(p);
        }
        return result;
    }

    /// <summary>A seeded tiny piano-roll LSTM (dropout on, so resume tests cover the dropout stream).</summary>
    public static PianoRollLstm TinyModel(ulong seed, float dropout = 0.2f)
    {
        using var _ = Torch.UseGenerator(new Generator(seed));
        return new PianoRollLstm(hiddenSize: 12, numLayers: 2, dropout: dropout);
    }

    public static PianoRollTask TinyTask() =>
        new(Pieces(1, 9, 14, 6, 11, 8, 12, 7, 10), Pieces(2, 10, 7, 13));

    public static Adam Adam(Module m, double lr = 0.01) => new(m.Parameters(), lr: lr);

    public static float[] Flat(Module m) => m.Parameters().SelectMany(p => p.ToArray()).ToArray();
}

/// <summary>y = w·x + b regression whose validation losses follow a script (one value per epoch), so early
/// stopping can be tested on a known curve.</summary>
internal sealed class ScriptedTask(params double[] validScript) : ITrainingTask<Linear>
{
    readonly float[] _x = [0.1f, 0.5f, -0.3f, 0.9f, -0.7f, 0.2f];
    int _validCalls;

    public int TrainCount => _x.Length;

    public int ValidCount => 1;

    public Tensor TrainLoss(Linear model, ReadOnlySpan<int> indices)
    {
        var x = new float[indices.Length];
        var y = new float[indices.Length];
        for (int i = 0; i < indices.Length; i++) (x[i], y[i]) = (_x[indices[i]], 3 * _x[indices[i]] - 1);
        var pred = model.Forward(Tensor.FromArray(x, indices.Length, 1));
        return F.MseLoss(pred, Tensor.FromArray(y, indices.Length, 1));
    }

    public Tensor ValidLoss(Linear model, ReadOnlySpan<int> indices)
    {
        Assert.False(Torch.IsGradEnabled);
        Assert.False(model.Training);
        return Tensor.Scalar((float)validScript[_validCalls++]);
    }
}
