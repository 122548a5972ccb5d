using MusicGen.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MusicGen.TorchSharp.Networks;

/// <summary><c>pitch-regression</c> in TorchSharp (see <see cref="PitchRegressionPreset"/>): LSTM → LSTM, last step →
/// Linear(3); loss MSE against the scaled next row.</summary>
public sealed class PitchRegressionModule : TorchPresetModule
{
    readonly LSTM _l1, _l2;
    readonly Linear _out;

    public PitchRegressionModule(Preset preset) : base(preset)
    {
        var o = preset.Options;
        _l1 = nn.LSTM(preset.InputSize, o.HiddenSize, batchFirst: true);
        _l2 = nn.LSTM(o.HiddenSize, o.HiddenSize2, batchFirst: true);
        _out = nn.Linear(o.HiddenSize2, 3);
        register_module("l1", _l1);
        register_module("l2", _l2);
        register_module("out", _out);
    }

    /// <summary>(B, T, 3) → (B, 3).</summary>
    public override Tensor forward(Tensor x)
    {
        CheckInput(x);
        return _out.forward(_l2.forward(_l1.forward(x).Item1).Item1.select(1, -1));
    }

    public override Tensor Loss(WindowBatch batch)
    {
        var y = new float[batch.Batch * 3];
        for (int b = 0; b < batch.Batch; b++) Preset.ScaleInput(batch.Row(b, batch.Window), y.AsSpan(b * 3, 3), generated: false);
        return nn.functional.mse_loss(forward(Inputs(batch)), tensor(y, [batch.Batch, 3], device: Device));
    }
}
