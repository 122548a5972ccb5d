using MusicGen.Nn;

namespace MusicGen.Models;

/// <summary>
/// Ozawa &amp; Okazaki 2022's networks (<c>melody-lstm</c>, <c>melody-resnet-lstm</c>): LayerNorm(4) → LSTM(H1) →
/// LSTM(H2), last step → Linear(D) ReLU → Linear(131). With <c>residual</c> (the paper's combining model) LSTM 1's
/// last-step output is added to LSTM 2's before the first dense layer, so H1 must equal H2.
/// Input (B, T, 4): pitch / 128, velocity / 128, duration, step (seconds) → (B, 131): 128 pitch logits, velocity / 128,
/// duration, step. The presets build exactly this class, so a notebook that constructs it trains what the preset trains.
/// </summary>
public sealed class MelodyNet : SequenceModel
{
    /// <summary>128 pitch logits, velocity / 128, duration, step.</summary>
    public const int Outputs = 131;

    /// <param name="hiddenSize">Units of LSTM 1.</param>
    /// <param name="hiddenSize2">Units of LSTM 2 (equal to <paramref name="hiddenSize"/> when residual).</param>
    /// <param name="denseSize">Units of the hidden dense layer.</param>
    /// <param name="residual">Add LSTM 1's output to LSTM 2's (the combining model).</param>
    public MelodyNet(int hiddenSize = 256, int hiddenSize2 = 256, int denseSize = 256, bool residual = false)
    {
        if (residual && hiddenSize != hiddenSize2)
            throw new ArgumentException($"the skip connection adds LSTM 1's output to LSTM 2's, so hiddenSize ({hiddenSize}) must equal hiddenSize2 ({hiddenSize2})");
        Residual = residual;
        Norm = RegisterModule("norm", new LayerNorm(4));
        L1 = RegisterModule("l1", new LSTM(4, hiddenSize, batchFirst: true));
        L2 = RegisterModule("l2", new LSTM(hiddenSize, hiddenSize2, batchFirst: true));
        Fc1 = RegisterModule("fc1", new Linear(hiddenSize2, denseSize));
        Fc2 = RegisterModule("fc2", new Linear(denseSize, Outputs));
    }

    /// <summary>True for the combining model.</summary>
    public bool Residual { get; }

    public LayerNorm Norm { get; }
    public LSTM L1 { get; }
    public LSTM L2 { get; }
    public Linear Fc1 { get; }
    public Linear Fc2 { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => Step(x, new RecurrentState());

    /// <summary>LSTM slots 0 and 1.</summary>
    public override Tensor Step(Tensor chunk, RecurrentState state)
    {
        var s1 = RunLstm(L1, Norm.Forward(chunk), state, 0); // (B, t, H1)
        var h = F.Select(RunLstm(L2, s1, state, 1), 1, -1);  // (B, H2)
        if (Residual) h = F.Add(h, F.Select(s1, 1, -1));
        return Fc2.Forward(F.Relu(Fc1.Forward(h)));          // (B, 131)
    }
}
