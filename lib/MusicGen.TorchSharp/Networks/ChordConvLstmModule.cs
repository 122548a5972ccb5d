using MusicGen.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MusicGen.TorchSharp.Networks;

/// <summary><c>chord-conv-lstm</c> in TorchSharp (see <see cref="ChordConvLstmPreset"/>): Conv1d(1 → 3, kernel 5)
/// ReLU → MaxPool1d(2) → LSTM, last pooled step → Dense (sigmoid) → Dense V; loss CE of the next token.</summary>
public sealed class ChordConvLstmModule : TorchPresetModule
{
    const int Filters = 3, Kernel = 5, Pool = 2;
    readonly Conv1d _conv;
    readonly MaxPool1d _pool;
    readonly LSTM _lstm;
    readonly Linear _td, _out;

    public ChordConvLstmModule(Preset preset) : base(preset)
    {
        var o = preset.Options;
        int width = o.DenseSize > 0 ? o.DenseSize : o.VocabularySize; // ChordConvLstmPreset.Width
        _conv = nn.Conv1d(1, Filters, Kernel);
        _pool = nn.MaxPool1d(Pool);
        _lstm = nn.LSTM(Filters, o.HiddenSize, batchFirst: true);
        _td = nn.Linear(o.HiddenSize, width);
        _out = nn.Linear(width, o.VocabularySize);
        register_module("conv", _conv);
        register_module("pool", _pool);
        register_module("lstm", _lstm);
        register_module("td", _td);
        register_module("out", _out);
    }

    /// <summary>(B, L ≥ 6, 1) → (B, V) logits of the last pooled step.</summary>
    public override Tensor forward(Tensor x)
    {
        CheckInput(x, minSteps: Kernel + 1);
        long b = x.shape[0], l = x.shape[1];
        var y = _pool.forward(nn.functional.relu(_conv.forward(x.reshape(b, 1, l)))); // (B, 3, P)
        var h = _lstm.forward(y.transpose(1, 2)).Item1.select(1, -1);                   // (B, H)
        return _out.forward(nn.functional.sigmoid(_td.forward(h)));
    }

    public override Tensor Loss(WindowBatch batch) => nn.functional.cross_entropy(forward(Inputs(batch)), TargetClasses(batch));
}
