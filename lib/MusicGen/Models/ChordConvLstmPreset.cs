using MusicGen.Nn;

namespace MusicGen.Models;

/// <summary>
/// <c>chord-conv-lstm</c>: Lorinczi &amp; Brailovsky 2021, the <c>hybrid-lstm</c> model (§2.3): Conv1D(3 filters,
/// kernel 5, valid, ReLU) → MaxPooling1D(2) → LSTM(256, return sequences) → TimeDistributed(Dense V, sigmoid) →
/// Dense V (softmax in the loss); shapes (200, 1) → (196, 3) → (98, 3) → (98, 256) → (98, V).
/// The code trains it against the next-token target although the output is per step (§2.3: inconsistent as
/// written); we use the last pooled step's prediction for the next frame, so only that step goes through the dense
/// layers (the same loss, without computing 97 unused V×V products).
/// Generation is stateful: the LSTM advances by one pooled step whenever two new frames complete a pooling
/// window (conv inputs are kept in the state); in between, the prediction of the last pooled step is reused,
/// exactly what re-running the whole sequence gives. Prompts need ≥ 6 frames. See <see cref="ChordSetPreset"/>.
/// </summary>
public sealed class ChordConvLstmPreset : ChordSetPreset
{
    const int Filters = ChordConvLstmNet.Filters, Kernel = ChordConvLstmNet.Kernel;

    /// <inheritdoc/>
    public override string Id => "chord-conv-lstm";

    /// <summary>The paper's sizes with <see cref="PresetOptions.DenseSize"/> = 0: the per-step sigmoid layer is V wide.</summary>
    public override PresetOptions DefaultOptions() => base.DefaultOptions() with { DenseSize = 0 };

    /// <summary>Width of the per-step sigmoid layer: <see cref="PresetOptions.DenseSize"/>, or V when it is 0 (the
    /// paper). Tiny options use 16, since the paper's V×V output layer makes real vocabularies (V ≈ 17–22 k)
    /// need ~0.3–0.5 G parameters.</summary>
    internal static int Width(PresetOptions o) => o.DenseSize > 0 ? o.DenseSize : o.VocabularySize;

    /// <inheritdoc/>
    protected override SequenceModel BuildNet(PresetOptions o) => new ChordConvLstmNet(o.VocabularySize, o.HiddenSize, Width(o));

    /// <inheritdoc/>
    public override long ParameterCount() => Count(false);

    /// <inheritdoc/>
    public override long KerasParameterCount() => Count(true);

    long Count(bool keras) => ParameterCounts.Conv1d(1, Filters, Kernel) + ParameterCounts.Lstm(Filters, Options.HiddenSize, keras)
        + ParameterCounts.Linear(Options.HiddenSize, Width(Options)) + ParameterCounts.Linear(Width(Options), Options.VocabularySize);
}
