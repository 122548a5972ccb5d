using MusicGen.Nn;

namespace MusicGen.Models;

/// <summary>
/// <c>chord-stacked-lstm</c>: Lorinczi &amp; Brailovsky 2021, the <c>stacked-lstm</c> model their <c>main()</c>
/// trains (§2.3): LSTM(256, return sequences) → LSTM(256), last step → Dense 512 ReLU → Dense V (softmax in the
/// loss). Keras parameters 264,192 + 525,312 + 131,584 + 513·V (≈ 11.15 M at V = 21,735); PyTorch counting adds
/// 2·1,024 for the second LSTM biases. <see cref="PresetOptions.DenseSize"/> is 512 here. See <see cref="ChordSetPreset"/>.
/// </summary>
public sealed class ChordStackedLstmPreset : ChordSetPreset
{
    /// <inheritdoc/>
    public override string Id => "chord-stacked-lstm";

    /// <inheritdoc/>
    public override PresetOptions DefaultOptions() => base.DefaultOptions() with { DenseSize = 512 };

    /// <inheritdoc/>
    protected override SequenceModel BuildNet(PresetOptions o) => new ChordStackedLstmNet(o.VocabularySize, o.HiddenSize, o.HiddenSize2, o.DenseSize);

    /// <inheritdoc/>
    public override long ParameterCount() => Count(false);

    /// <inheritdoc/>
    public override long KerasParameterCount() => Count(true);

    long Count(bool keras) => ParameterCounts.Lstm(1, Options.HiddenSize, keras) + ParameterCounts.Lstm(Options.HiddenSize, Options.HiddenSize2, keras)
        + ParameterCounts.Linear(Options.HiddenSize2, Options.DenseSize) + ParameterCounts.Linear(Options.DenseSize, Options.VocabularySize);
}
