using MusicGen.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MusicGen.TorchSharp.Networks;

/// <summary><c>melody-lstm</c> and <c>melody-resnet-lstm</c> in TorchSharp (see <see cref="MelodyPreset"/>):
/// LayerNorm(4) → LSTM → LSTM, last step (+ LSTM 1's last step when residual) → Linear ReLU → Linear(131);
/// loss CE(pitch) + MSE(velocity / 128) + MSE(duration) + MSE(step).</summary>
public sealed class MelodyModule : TorchPresetModule
{
    const int Outputs = 131;
    readonly LayerNorm _norm;
    readonly LSTM _l1, _l2;
    readonly Linear _fc1, _fc2;
    readonly bool _residual;

    public MelodyModule(Preset preset, bool residual) : base(preset)
    {
        var o = preset.Options;
        if (residual && o.HiddenSize != o.HiddenSize2)
            throw new InvalidOperationException($"{preset.Id}: the skip connection needs HiddenSize ({o.HiddenSize}) = HiddenSize2 ({o.HiddenSize2})");
        _residual = residual;
        _norm = nn.LayerNorm([4]);
        _l1 = nn.LSTM(4, o.HiddenSize, batchFirst: true);
        _l2 = nn.LSTM(o.HiddenSize, o.HiddenSize2, batchFirst: true);
        _fc1 = nn.Linear(o.HiddenSize2, o.DenseSize);
        _fc2 = nn.Linear(o.DenseSize, Outputs);
        register_module("norm", _norm);
        register_module("l1", _l1);
        register_module("l2", _l2);
        register_module("fc1", _fc1);
        register_module("fc2", _fc2);
    }

    /// <summary>(B, T, 4) → (B, 131).</summary>
    public override Tensor forward(Tensor x)
    {
        CheckInput(x);
        var s1 = _l1.forward(_norm.forward(x)).Item1;  // (B, T, H1)
        var h = _l2.forward(s1).Item1.select(1, -1);   // (B, H2)
        if (_residual) h = h + s1.select(1, -1);
        return _fc2.forward(nn.functional.relu(_fc1.forward(h)));
    }

    public override Tensor Loss(WindowBatch batch)
    {
        var y = forward(Inputs(batch));
        var loss = nn.functional.cross_entropy(y.narrow(1, 0, 128), TargetClasses(batch, 0));
        loss = loss + nn.functional.mse_loss(y.narrow(1, 128, 1), TargetColumn(batch, 1, 1f / 128));
        loss = loss + nn.functional.mse_loss(y.narrow(1, 129, 1), TargetColumn(batch, 2));
        return loss + nn.functional.mse_loss(y.narrow(1, 130, 1), TargetColumn(batch, 3));
    }
}
