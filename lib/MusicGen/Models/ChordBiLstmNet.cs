using MusicGen.Nn;

namespace MusicGen.Models;

/// <summary>
/// Lorinczi &amp; Brailovsky 2021's <c>bi-lstm</c> (<c>chord-bilstm</c>): bidirectional LSTM(1 → H, sequences) →
/// per-step Linear(2H → W) sigmoid (Keras' TimeDistributed Dense) → Linear(W → V) logits at every step.
/// Input (B, T, 1) → (B, T, V); step t predicts frame t + 1. The backward direction reads the whole window, so
/// generation cannot carry state and re-runs the window (<see cref="SequenceModel.RerunsWindow"/>).
/// The preset builds exactly this class.
/// </summary>
public sealed class ChordBiLstmNet : SequenceModel
{
    /// <param name="vocabularySize">Output classes V.</param>
    /// <param name="hiddenSize">LSTM units per direction (paper: 256).</param>
    /// <param name="width">Units of the per-step sigmoid layer; the paper's is V wide (0 = V).</param>
    public ChordBiLstmNet(int vocabularySize, int hiddenSize = 256, int width = 0)
    {
        int w = width > 0 ? width : vocabularySize;
        Lstm = RegisterModule("lstm", new LSTM(1, hiddenSize, batchFirst: true, bidirectional: true));
        Td = RegisterModule("td", new Linear(2 * hiddenSize, w));
        Out = RegisterModule("out", new Linear(w, vocabularySize));
    }

    public LSTM Lstm { get; }
    /// <summary>The per-step (TimeDistributed) sigmoid layer.</summary>
    public Linear Td { get; }
    public Linear Out { get; }

    /// <inheritdoc/>
    public override bool RerunsWindow => true;

    /// <summary>(B, T, 1) → (B, T, V) logits at every step.</summary>
    public override Tensor Forward(Tensor x) => Out.Forward(F.Sigmoid(Td.Forward(Lstm.Forward(x).Output)));

    /// <summary>The last step's logits (1, V); the window is re-run from zero state (no carry-over possible).</summary>
    public override Tensor Step(Tensor chunk, RecurrentState state)
    {
        var h = F.Select(Lstm.Forward(chunk).Output, 1, -1); // (B, 2H)
        state.Steps += chunk.Size(1);
        return Out.Forward(F.Sigmoid(Td.Forward(h)));
    }
}
