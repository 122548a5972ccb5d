using MusicGen.Nn;

namespace MusicGen.Models;

/// <summary>
/// The network of Zhang 2023 / the TensorFlow tutorial (<c>pitch-step-duration</c>): LSTM(3 → H), last step → three
/// heads, pitch (Linear H → 128 logits), step (H → 1) and duration (H → 1), concatenated as (B, 130).
/// Input (B, T, 3): pitch / 128, step, duration (seconds). The preset builds exactly this class.
/// </summary>
public sealed class PitchStepDurationNet : SequenceModel
{
    /// <param name="hiddenSize">LSTM units (the tutorial: 128).</param>
    public PitchStepDurationNet(int hiddenSize = 128)
    {
        Lstm = RegisterModule("lstm", new LSTM(3, hiddenSize, batchFirst: true));
        Pitch = RegisterModule("pitch", new Linear(hiddenSize, 128));
        StepHead = RegisterModule("step", new Linear(hiddenSize, 1));
        Duration = RegisterModule("duration", new Linear(hiddenSize, 1));
    }

    public LSTM Lstm { get; }
    public Linear Pitch { get; }
    /// <summary>The step head (named <c>step</c> in the state dict; <c>Step</c> is the generation method).</summary>
    public Linear StepHead { get; }
    public Linear Duration { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => Step(x, new RecurrentState());

    /// <summary>LSTM slot 0.</summary>
    public override Tensor Step(Tensor chunk, RecurrentState state)
    {
        var h = F.Select(RunLstm(Lstm, chunk, state, 0), 1, -1); // (B, H): the last step
        return F.Cat([Pitch.Forward(h), StepHead.Forward(h), Duration.Forward(h)], 1); // (B, 130)
    }
}
