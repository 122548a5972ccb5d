using MusicGen.Nn;

namespace MusicGen.Models;

/// <summary>
/// Lorinczi &amp; Brailovsky 2021's baseline <c>lstm</c> as in their code (<c>chord-lstm</c>): LSTM(1 → H) over raw
/// token ids, last step → Linear(D) ReLU → Linear(D) ReLU → Linear(V) logits (softmax in the loss).
/// Input (B, T, 1) → (B, V). The preset builds exactly this class.
/// </summary>
public sealed class ChordLstmNet : SequenceModel
{
    /// <param name="vocabularySize">Output classes V (chord-set tokens).</param>
    /// <param name="hiddenSize">LSTM units (paper: 256).</param>
    /// <param name="denseSize">Units of both hidden dense layers (paper: 256).</param>
    public ChordLstmNet(int vocabularySize, int hiddenSize = 256, int denseSize = 256)
    {
        Lstm = RegisterModule("lstm", new LSTM(1, hiddenSize, batchFirst: true));
        Fc1 = RegisterModule("fc1", new Linear(hiddenSize, denseSize));
        Fc2 = RegisterModule("fc2", new Linear(denseSize, denseSize));
        Out = RegisterModule("out", new Linear(denseSize, vocabularySize));
    }

    public LSTM Lstm { get; }
    public Linear Fc1 { get; }
    public Linear Fc2 { get; }
    public Linear Out { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => Step(x, new RecurrentState());

    /// <summary>LSTM slot 0.</summary>
    public override Tensor Step(Tensor chunk, RecurrentState state)
    {
        var h = F.Select(RunLstm(Lstm, chunk, state, 0), 1, -1);           // (B, H)
        return Out.Forward(F.Relu(Fc2.Forward(F.Relu(Fc1.Forward(h)))));   // (B, V) logits
    }
}
