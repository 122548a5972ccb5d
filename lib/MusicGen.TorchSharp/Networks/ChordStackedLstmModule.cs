using MusicGen.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MusicGen.TorchSharp.Networks;

/// <summary><c>chord-stacked-lstm</c> in TorchSharp (see <see cref="ChordStackedLstmPreset"/>): LSTM → LSTM, last step
/// → Dense ReLU → Dense V; loss CE of the next token.</summary>
public sealed class ChordStackedLstmModule : TorchPresetModule
{
    readonly LSTM _l1, _l2;
    readonly Linear _fc, _out;

    public ChordStackedLstmModule(Preset preset) : base(preset)
    {
        var o = preset.Options;
        _l1 = nn.LSTM(1, o.HiddenSize, batchFirst: true);
        _l2 = nn.LSTM(o.HiddenSize, o.HiddenSize2, batchFirst: true);
        _fc = nn.Linear(o.HiddenSize2, o.DenseSize);
        _out = nn.Linear(o.DenseSize, o.VocabularySize);
        register_module("l1", _l1);
        register_module("l2", _l2);
        register_module("fc", _fc);
        register_module("out", _out);
    }

    /// <summary>(B, T, 1) → (B, V) logits.</summary>
    public override Tensor forward(Tensor x)
    {
        CheckInput(x);
        var h = _l2.forward(_l1.forward(x).Item1).Item1.select(1, -1);
        return _out.forward(nn.functional.relu(_fc.forward(h)));
    }

    public override Tensor Loss(WindowBatch batch) => nn.functional.cross_entropy(forward(Inputs(batch)), TargetClasses(batch));
}
