using MusicGen.Nn;

namespace MusicGen.Models;

/// <summary>
/// Lorinczi &amp; Brailovsky 2021's <c>stacked-lstm</c> (<c>chord-stacked-lstm</c>): LSTM(1 → H1, sequences) →
/// LSTM(H1 → H2), last step → Linear(D) ReLU → Linear(V) logits. Input (B, T, 1) → (B, V).
/// The preset builds exactly this class.
/// </summary>
public sealed class ChordStackedLstmNet : SequenceModel
{
    /// <param name="vocabularySize">Output classes V.</param>
    /// <param name="hiddenSize">Units of LSTM 1 (paper: 256).</param>
    /// <param name="hiddenSize2">Units of LSTM 2 (paper: 256).</param>
    /// <param name="denseSize">Units of the hidden dense layer (paper: 512).</param>
    public ChordStackedLstmNet(int vocabularySize, int hiddenSize = 256, int hiddenSize2 = 256, int denseSize = 512)
    {
        L1 = RegisterModule("l1", new LSTM(1, hiddenSize));
        L2 = RegisterModule("l2", new LSTM(hiddenSize, hiddenSize2));
        Fc = RegisterModule("fc", new Linear(hiddenSize2, denseSize));
        Out = RegisterModule("out", new Linear(denseSize, vocabularySize));
    }

    public LSTM L1 { get; }
    public LSTM L2 { get; }
    public Linear Fc { get; }
    public Linear Out { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => Step(x, new RecurrentState());

    /// <summary>LSTM slots 0 and 1.</summary>
    public override Tensor Step(Tensor chunk, RecurrentState state)
    {
        // Time-major LSTMs: one transpose of the (B, T, 1) input instead of (B, T, H) copies around each layer.
        var x = F.Transpose(chunk, 0, 1);                                                 // (T, B, 1)
        var h = F.Select(RunLstm(L2, RunLstm(L1, x, state, 0), state, 1), 0, -1);         // (B, H2): the last step
        return Out.Forward(F.Relu(Fc.Forward(h)));                                    // (B, V) logits
    }
}
