using MusicGen.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MusicGen.TorchSharp.Networks;

/// <summary><c>chord-lstm</c> in TorchSharp (see <see cref="ChordLstmPreset"/>): LSTM, last step → Dense ReLU →
/// Dense ReLU → Dense V; loss CE of the next token.</summary>
public sealed class ChordLstmModule : TorchPresetModule
{
    readonly LSTM _lstm;
    readonly Linear _fc1, _fc2, _out;

    public ChordLstmModule(Preset preset) : base(preset)
    {
        var o = preset.Options;
        _lstm = nn.LSTM(1, o.HiddenSize, batchFirst: true);
        _fc1 = nn.Linear(o.HiddenSize, o.DenseSize);
        _fc2 = nn.Linear(o.DenseSize, o.DenseSize);
        _out = nn.Linear(o.DenseSize, o.VocabularySize);
        register_module("lstm", _lstm);
        register_module("fc1", _fc1);
        register_module("fc2", _fc2);
        register_module("out", _out);
    }

    /// <summary>(B, T, 1) → (B, V) logits.</summary>
    public override Tensor forward(Tensor x)
    {
        CheckInput(x);
        var h = _lstm.forward(x).Item1.select(1, -1);
        return _out.forward(nn.functional.relu(_fc2.forward(nn.functional.relu(_fc1.forward(h)))));
    }

    public override Tensor Loss(WindowBatch batch) => nn.functional.cross_entropy(forward(Inputs(batch)), TargetClasses(batch));
}
