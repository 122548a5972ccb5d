using MusicGen.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MusicGen.TorchSharp.Networks;

/// <summary><c>pitch-step-duration</c> in TorchSharp (see <see cref="PitchStepDurationPreset"/>): LSTM(3 → H), last
/// step → heads pitch (128), step (1), duration (1), concatenated (B, 130); loss 0.05·CE + MSE⁺ + MSE⁺.</summary>
public sealed class PitchStepDurationModule : TorchPresetModule
{
    readonly LSTM _lstm;
    readonly Linear _pitch, _step, _duration;

    public PitchStepDurationModule(Preset preset) : base(preset)
    {
        int h = preset.Options.HiddenSize;
        _lstm = nn.LSTM(preset.InputSize, h, batchFirst: true);
        _pitch = nn.Linear(h, 128);
        _step = nn.Linear(h, 1);
        _duration = nn.Linear(h, 1);
        register_module("lstm", _lstm);
        register_module("pitch", _pitch);
        register_module("step", _step);
        register_module("duration", _duration);
    }

    /// <summary>(B, T, 3) → (B, 130): pitch logits, step, duration after the last step.</summary>
    public override Tensor forward(Tensor x)
    {
        CheckInput(x);
        var h = _lstm.forward(x).Item1.select(1, -1); // (B, H)
        return cat([_pitch.forward(h), _step.forward(h), _duration.forward(h)], 1);
    }

    public override Tensor Loss(WindowBatch batch)
    {
        var y = forward(Inputs(batch));
        var loss = 0.05f * nn.functional.cross_entropy(y.narrow(1, 0, 128), TargetClasses(batch, 0));
        loss = loss + PositivePressureMse(y.narrow(1, 128, 1), TargetColumn(batch, 1));
        return loss + PositivePressureMse(y.narrow(1, 129, 1), TargetColumn(batch, 2));
    }
}
