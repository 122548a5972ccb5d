using MusicGen.Models;
using MusicGen.Nn;
using MusicGen.Tests.Nn.Kernels;

namespace MusicGen.Tests.Models;

/// <summary>
/// InferenceStep (the inference-only generation step) against the tape path it replaces: SequenceModel.Step in eval
/// mode fed one row at a time gives the same outputs within 1e-5, and GenerateRows gives identical rows either way.
/// </summary>
public class InferenceStepTests
{
    /// <summary>Presets whose network InferenceStep knows (all but the bidirectional and the convolutional one).</summary>
    public static TheoryData<string> Stepped() => new("pitch-step-duration", "pitch-regression", "chord-lstm", "chord-stacked-lstm",
        "notes-and-chords", "melody-lstm", "melody-resnet-lstm", "pianoroll-lstm");

    static Preset Tiny(string id)
    {
        var p = Presets.Get(id);
        p.Options = p.TinyOptions();
        if (p.Options.VocabularySize == 0) p.Options.VocabularySize = 40;
        return p;
    }

    static SequenceModel Model(Preset p)
    {
        var model = p.CreateModel();
        if (model is NotesAndChordsNet n)
        {
            // Non-trivial running statistics, so folding BatchNorm into the next Linear is exercised.
            var rng = new Random(3);
            foreach (var bn in new[] { n.Bn1, n.Bn2 })
            {
                var mean = bn.RunningMean.Data; var var = bn.RunningVar.Data; var w = bn.Weight!.Data; var b = bn.Bias!.Data;
                for (int k = 0; k < mean.Length; k++)
                {
                    mean[k] = (float)(rng.NextDouble() - 0.5); var[k] = (float)(0.2 + rng.NextDouble());
                    w[k] = (float)(0.5 + rng.NextDouble()); b[k] = (float)(rng.NextDouble() - 0.5);
                }
            }
        }
        return model;
    }

    [Theory]
    [MemberData(nameof(Stepped))]
    public void Outputs_match_the_tape_step_row_by_row_and_Feed_advances_the_state(string id)
    {
        var p = Tiny(id);
        var model = Model(p);
        model.Eval();
        var step = InferenceStep.For(model);
        Assert.NotNull(step);
        var state = new RecurrentState();
        var rng = new Random(7);
        var y = new float[step!.OutputSize];
        using var _ = Torch.NoGrad();
        for (int t = 0; t < 10; t++)
        {
            var x = KernelTestData.Random(rng, p.InputSize);
            var expected = model.Step(Tensor.FromArray(x, 1, 1, x.Length), state).ToArray();
            if (t % 3 == 1) { step.Feed(x); continue; } // LSTMs only: the state must still advance
            step.Forward(x, y);
            Assert.Equal(expected.Length, y.Length);
            for (int k = 0; k < y.Length; k++)
                Assert.True(Math.Abs(y[k] - expected[k]) <= 1e-5 * Math.Max(1, Math.Abs(expected[k])), $"{id} row {t} output {k}: {y[k]:R} vs tape {expected[k]:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Stepped))]
    public void Generated_rows_are_identical_to_the_tape_path(string id)
    {
        var p = Tiny(id);
        var model = Model(p);
        var prompt = new float[p.Options.Window, p.FeatureCount];
        var rng = new Random(11);
        for (int r = 0; r < prompt.GetLength(0); r++)
            for (int c = 0; c < p.FeatureCount; c++)
                prompt[r, c] = p.FeatureCount == 1 ? rng.Next(p.Options.VocabularySize) : p.FeatureCount == 88 ? rng.Next(2) : (float)rng.NextDouble();
        var fast = p.GenerateRows(model, prompt, 40, new Sampler(seed: 9, temperature: 1f));
        p.UseInferenceStep = false;
        var tape = p.GenerateRows(model, prompt, 40, new Sampler(seed: 9, temperature: 1f));
        Assert.Equal(tape.Count, fast.Count);
        for (int i = 0; i < tape.Count; i++)
            for (int c = 0; c < p.FeatureCount; c++)
                Assert.True(Math.Abs(tape[i][c] - fast[i][c]) <= 1e-5f * Math.Max(1, Math.Abs(tape[i][c])), $"{id} row {i} column {c}: {fast[i][c]} vs tape {tape[i][c]}");
    }

    [Fact]
    public void Pitch_step_duration_at_its_default_size_samples_the_same_notes_as_the_tape_path()
    {
        var p = Presets.Get("pitch-step-duration");
        var model = p.CreateModel();
        var prompt = new float[25, 3];
        for (int r = 0; r < 25; r++) (prompt[r, 0], prompt[r, 1], prompt[r, 2]) = (60 + r % 12, 0.25f, 0.5f);
        var fast = p.GenerateRows(model, prompt, 300, p.CreateSampler(42));
        p.UseInferenceStep = false;
        var tape = p.GenerateRows(model, prompt, 300, p.CreateSampler(42));
        Assert.Equal(tape.Select(r => r[0]), fast.Select(r => r[0]));
        Assert.True(fast.Select(r => r[0]).Distinct().Count() > 5, "temperature 2 samples many pitches");
    }

    [Fact]
    public void Networks_it_does_not_know_keep_the_tape_path()
    {
        Assert.Null(InferenceStep.For(Tiny("chord-bilstm").CreateModel()));
        Assert.Null(InferenceStep.For(Tiny("chord-conv-lstm").CreateModel()));
    }
}
