using MusicGen.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MusicGen.TorchSharp.Networks;

/// <summary><c>chord-bilstm</c> in TorchSharp (see <see cref="ChordBiLstmPreset"/>): bidirectional LSTM → per-step
/// Dense (sigmoid) → Dense V at every step; loss CE of every step against the following frame.</summary>
public sealed class ChordBiLstmModule : TorchPresetModule
{
    readonly LSTM _lstm;
    readonly Linear _td, _out;

    public ChordBiLstmModule(Preset preset) : base(preset)
    {
        var o = preset.Options;
        int width = o.DenseSize > 0 ? o.DenseSize : o.VocabularySize; // ChordBiLstmPreset.Width
        _lstm = nn.LSTM(1, o.HiddenSize, batchFirst: true, bidirectional: true);
        _td = nn.Linear(2 * o.HiddenSize, width);
        _out = nn.Linear(width, o.VocabularySize);
        register_module("lstm", _lstm);
        register_module("td", _td);
        register_module("out", _out);
    }

    /// <summary>(B, T, 1) → (B, T, V) logits at every step.</summary>
    public override Tensor forward(Tensor x)
    {
        CheckInput(x);
        return _out.forward(nn.functional.sigmoid(_td.forward(_lstm.forward(x).Item1)));
    }

    public override Tensor Loss(WindowBatch batch)
    {
        int b = batch.Batch, t = batch.Window, v = Preset.Options.VocabularySize;
        var targets = new long[b * t];
        for (int i = 0; i < b; i++)
            for (int s = 0; s < t; s++) targets[i * t + s] = (long)batch.Row(i, s + 1)[0];
        var logits = forward(Inputs(batch)).reshape(b * t, v);
        return nn.functional.cross_entropy(logits, tensor(targets, device: Device));
    }
}
