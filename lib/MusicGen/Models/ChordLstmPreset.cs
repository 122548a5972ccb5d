using MusicGen.Nn;

namespace MusicGen.Models;

/// <summary>
/// <c>chord-lstm</c>: Lorinczi &amp; Brailovsky 2021, the baseline <c>lstm</c> model as in the code (§2.3; the
/// report's "single LSTM layer" baseline has two extra Dense-256 ReLU layers in the code): LSTM(256) over
/// (200, 1) raw ids, last step → Dense 256 ReLU → Dense 256 ReLU → Dense V (softmax in the loss). See
/// <see cref="ChordSetPreset"/> for data, loss and optimizer.
/// </summary>
public sealed class ChordLstmPreset : ChordSetPreset
{
    /// <inheritdoc/>
    public override string Id => "chord-lstm";

    /// <inheritdoc/>
    protected override SequenceModel BuildNet(PresetOptions o) => new ChordLstmNet(o.VocabularySize, o.HiddenSize, o.DenseSize);

    /// <inheritdoc/>
    public override long ParameterCount() => Count(false);

    /// <inheritdoc/>
    public override long KerasParameterCount() => Count(true);

    long Count(bool keras) => ParameterCounts.Lstm(1, Options.HiddenSize, keras) + ParameterCounts.Linear(Options.HiddenSize, Options.DenseSize)
        + ParameterCounts.Linear(Options.DenseSize, Options.DenseSize) + ParameterCounts.Linear(Options.DenseSize, Options.VocabularySize);
}
