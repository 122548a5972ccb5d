using MusicGen.Nn;

namespace MusicGen.Models;

/// <summary>
/// <c>chord-bilstm</c>: Lorinczi &amp; Brailovsky 2021, the <c>bi-lstm</c> model (§2.3): Bidirectional(LSTM(256),
/// return sequences) over (200, 1) raw ids → TimeDistributed(Dense V, sigmoid) → Dense V (softmax in the loss)
/// at every step. Target = the next input window (<c>input_data[1:]</c>): each step predicts the following frame.
/// Generation takes the last step's prediction; the backward direction reads the whole window, so no state can be
/// carried and each step re-runs the last 200 frames, as the seed does (<see cref="SequenceModel.RerunsWindow"/>).
/// Note the V×V output layer: ≈ 472 M parameters at the paper's V = 21,735 (counted by formula, never allocated
/// by <see cref="Preset.ParameterCount"/>). See <see cref="ChordSetPreset"/>.
/// </summary>
public sealed class ChordBiLstmPreset : ChordSetPreset
{
    /// <inheritdoc/>
    public override string Id => "chord-bilstm";

    /// <summary>The paper's sizes with <see cref="PresetOptions.DenseSize"/> = 0: the per-step sigmoid layer is V wide.</summary>
    public override PresetOptions DefaultOptions() => base.DefaultOptions() with { DenseSize = 0 };

    /// <summary>Width of the per-step sigmoid layer: <see cref="PresetOptions.DenseSize"/>, or V when it is 0 (the
    /// paper). Tiny options use 16, since the paper's V×V output layer makes real vocabularies (V ≈ 17–22 k)
    /// need ~0.3–0.5 G parameters.</summary>
    internal static int Width(PresetOptions o) => o.DenseSize > 0 ? o.DenseSize : o.VocabularySize;

    /// <inheritdoc/>
    protected override SequenceModel BuildNet(PresetOptions o) => new ChordBiLstmNet(o.VocabularySize, o.HiddenSize, Width(o));

    /// <inheritdoc/>
    public override long ParameterCount() => Count(false);

    /// <inheritdoc/>
    public override long KerasParameterCount() => Count(true);

    long Count(bool keras) => ParameterCounts.Lstm(1, Options.HiddenSize, keras, bidirectional: true)
        + ParameterCounts.Linear(2 * Options.HiddenSize, Width(Options)) + ParameterCounts.Linear(Width(Options), Options.VocabularySize);

    /// <summary>Cross-entropy of every step's prediction against the following frame (mean over B·T).</summary>
    public override Tensor Loss(SequenceModel model, WindowBatch batch)
    {
        var logits = model.Forward(Inputs(batch)); // (B, T, V)
        int b = batch.Batch, t = batch.Window;
        var targets = new int[b * t];
        for (int i = 0; i < b; i++)
            for (int s = 0; s < t; s++) targets[i * t + s] = (int)batch.Row(i, s + 1)[0];
        return F.CrossEntropy(F.Reshape(logits, b * t, Options.VocabularySize), targets);
    }
}
