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
    protected override SequenceModel BuildNet(PresetOptions o) => new Net(o);

    /// <inheritdoc/>
    public override long ParameterCount() => Count(false);

    /// <inheritdoc/>
    public override long KerasParameterCount() => Count(true);

    long Count(bool keras) => ParameterCounts.Lstm(1, Options.HiddenSize, keras) + ParameterCounts.Linear(Options.HiddenSize, Options.DenseSize)
        + ParameterCounts.Linear(Options.DenseSize, Options.DenseSize) + ParameterCounts.Linear(Options.DenseSize, Options.VocabularySize);

    sealed class Net : SequenceModel
    {
        readonly LSTM _lstm;
        readonly Linear _fc1, _fc2, _out;

        public Net(PresetOptions o)
        {
            _lstm = RegisterModule("lstm", new LSTM(1, o.HiddenSize, batchFirst: true));
            _fc1 = RegisterModule("fc1", new Linear(o.HiddenSize, o.DenseSize));
            _fc2 = RegisterModule("fc2", new Linear(o.DenseSize, o.DenseSize));
            _out = RegisterModule("out", new Linear(o.DenseSize, o.VocabularySize));
        }

        public override Tensor Forward(Tensor x) => Step(x, new RecurrentState());

        public override Tensor Step(Tensor chunk, RecurrentState state)
        {
            var h = F.Select(RunLstm(_lstm, chunk, state, 0), 1, -1); // (B, H)
            return _out.Forward(F.Relu(_fc2.Forward(F.Relu(_fc1.Forward(h))))); // (B, V) logits
        }
    }
}
