using MusicGen.Nn;

namespace MusicGen.Models;

/// <summary>
/// The network of Suneetha et al. 2024 (<c>pitch-regression</c>): LSTM(3 → H1, sequences) → LSTM(H1 → H2), last
/// step → Linear(H2 → 3), regressing the next message's pitch / 127, velocity / 127 and time delta.
/// Input (B, T, 3) → (B, 3). The preset builds exactly this class.
/// </summary>
public sealed class PitchRegressionNet : SequenceModel
{
    /// <param name="hiddenSize">Units of LSTM 1.</param>
    /// <param name="hiddenSize2">Units of LSTM 2.</param>
    public PitchRegressionNet(int hiddenSize = 128, int hiddenSize2 = 128)
    {
        L1 = RegisterModule("l1", new LSTM(3, hiddenSize, batchFirst: true));
        L2 = RegisterModule("l2", new LSTM(hiddenSize, hiddenSize2, batchFirst: true));
        Out = RegisterModule("out", new Linear(hiddenSize2, 3));
    }

    public LSTM L1 { get; }
    public LSTM L2 { get; }
    public Linear Out { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => Step(x, new RecurrentState());

    /// <summary>LSTM slots 0 and 1.</summary>
    public override Tensor Step(Tensor chunk, RecurrentState state) =>
        Out.Forward(F.Select(RunLstm(L2, RunLstm(L1, chunk, state, 0), state, 1), 1, -1)); // (B, 3)
}
