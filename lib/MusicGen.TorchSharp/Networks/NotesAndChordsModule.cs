using MusicGen.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MusicGen.TorchSharp.Networks;

/// <summary><c>notes-and-chords</c> in TorchSharp (see <see cref="NotesAndChordsPreset"/>): three LSTMs with dropout,
/// last step → BatchNorm → Dense ReLU → BatchNorm → Dense V (Keras' BatchNormalization: eps 1e-3, momentum 0.99,
/// i.e. PyTorch momentum 0.01); loss CE of the next token.</summary>
public sealed class NotesAndChordsModule : TorchPresetModule
{
    readonly LSTM _l1, _l2, _l3;
    readonly BatchNorm1d _bn1, _bn2;
    readonly Dropout _drop;
    readonly Linear _fc1, _fc2;

    public NotesAndChordsModule(Preset preset) : base(preset)
    {
        var o = preset.Options;
        _l1 = nn.LSTM(1, o.HiddenSize, batchFirst: true);
        _l2 = nn.LSTM(o.HiddenSize, o.HiddenSize2, batchFirst: true);
        _l3 = nn.LSTM(o.HiddenSize2, o.HiddenSize2, batchFirst: true);
        _bn1 = nn.BatchNorm1d(o.HiddenSize2, eps: 1e-3, momentum: 0.01);
        _fc1 = nn.Linear(o.HiddenSize2, o.DenseSize);
        _bn2 = nn.BatchNorm1d(o.DenseSize, eps: 1e-3, momentum: 0.01);
        _fc2 = nn.Linear(o.DenseSize, o.VocabularySize);
        _drop = nn.Dropout(o.Dropout);
        register_module("l1", _l1);
        register_module("l2", _l2);
        register_module("l3", _l3);
        register_module("bn1", _bn1);
        register_module("fc1", _fc1);
        register_module("bn2", _bn2);
        register_module("fc2", _fc2);
        register_module("drop", _drop);
    }

    /// <summary>(B, T, 1) → (B, V) logits.</summary>
    public override Tensor forward(Tensor x)
    {
        CheckInput(x);
        var s = _drop.forward(_l1.forward(x).Item1);
        s = _drop.forward(_l2.forward(s).Item1);
        var h = _l3.forward(s).Item1.select(1, -1);
        h = _drop.forward(_bn1.forward(h));
        h = _drop.forward(_bn2.forward(nn.functional.relu(_fc1.forward(h))));
        return _fc2.forward(h);
    }

    public override Tensor Loss(WindowBatch batch) => nn.functional.cross_entropy(forward(Inputs(batch)), TargetClasses(batch));
}
