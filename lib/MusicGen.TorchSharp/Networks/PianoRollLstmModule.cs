using MusicGen.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MusicGen.TorchSharp.Networks;

/// <summary><c>pianoroll-lstm</c> in TorchSharp (see <see cref="PianoRollLstm"/>): 2-layer LSTM over 88-key frames
/// (dropout between layers) → dropout → Linear(88) at every step; loss = the preset's window loss, frame NLL
/// Σ BCE-with-logits / (B·W) (<see cref="PianoRollLstmPreset.Loss"/>).</summary>
public sealed class PianoRollLstmModule : TorchPresetModule
{
    const int Keys = 88;
    readonly LSTM _lstm;
    readonly Dropout _dropout;
    readonly Linear _linear;

    public PianoRollLstmModule(Preset preset) : base(preset)
    {
        var o = preset.Options;
        _lstm = nn.LSTM(Keys, o.HiddenSize, numLayers: 2, batchFirst: true, dropout: o.Dropout);
        _dropout = nn.Dropout(o.Dropout);
        _linear = nn.Linear(o.HiddenSize, Keys);
        register_module("lstm", _lstm);
        register_module("dropout", _dropout);
        register_module("linear", _linear);
    }

    /// <summary>(B, T, 88) → (B, T, 88) logits.</summary>
    public override Tensor forward(Tensor x)
    {
        CheckInput(x);
        return _linear.forward(_dropout.forward(_lstm.forward(x).Item1));
    }

    public override Tensor Loss(WindowBatch batch)
    {
        int b = batch.Batch, w = batch.Window;
        var y = new float[b * w * Keys];
        for (int i = 0; i < b; i++)
            for (int t = 0; t < w; t++) batch.Row(i, t + 1).CopyTo(y.AsSpan((i * w + t) * Keys, Keys));
        var sum = nn.functional.binary_cross_entropy_with_logits(forward(Inputs(batch)), tensor(y, [b, w, Keys], device: Device), reduction: nn.Reduction.Sum);
        return sum * (1f / (b * w));
    }
}
