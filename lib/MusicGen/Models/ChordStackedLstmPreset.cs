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
    protected override SequenceModel BuildNet(PresetOptions o) => new Net(o);

    /// <inheritdoc/>
    public override long ParameterCount() => Count(false);

    /// <inheritdoc/>
    public override long KerasParameterCount() => Count(true);

    long Count(bool keras) => ParameterCounts.Lstm(1, Options.HiddenSize, keras) + ParameterCounts.Lstm(Options.HiddenSize, Options.HiddenSize2, keras)
        + ParameterCounts.Linear(Options.HiddenSize2, Options.DenseSize) + ParameterCounts.Linear(Options.DenseSize, Options.VocabularySize);

    sealed class Net : SequenceModel
    {
        readonly LSTM _l1, _l2;
        readonly Linear _fc, _out;

        public Net(PresetOptions o)
        {
            _l1 = RegisterModule("l1", new LSTM(1, o.HiddenSize, batchFirst: true));
            _l2 = RegisterModule("l2", new LSTM(o.HiddenSize, o.HiddenSize2, batchFirst: true));
            _fc = RegisterModule("fc", new Linear(o.HiddenSize2, o.DenseSize));
            _out = RegisterModule("out", new Linear(o.DenseSize, o.VocabularySize));
        }

        public override Tensor Forward(Tensor x) => Step(x, new RecurrentState());

        public override Tensor Step(Tensor chunk, RecurrentState state)
        {
            var h = F.Select(RunLstm(_l2, RunLstm(_l1, chunk, state, 0), state, 1), 1, -1); // (B, H2)
            return _out.Forward(F.Relu(_fc.Forward(h))); // (B, V) logits
        }
    }
}
