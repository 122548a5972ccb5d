using MusicGen.Nn;

namespace MusicGen.Models;

/// <summary>
/// The network of Medisetty 2021, Classical-Piano-Composer at HEAD (<c>notes-and-chords</c>): LSTM(1 → H1) →
/// Dropout → LSTM(H1 → H2) → Dropout → LSTM(H2 → H2), last step → BatchNorm → Dropout → Linear(D) ReLU → BatchNorm
/// → Dropout → Linear(V) logits. Input (B, T, 1): id / V → (B, V).
/// BatchNorm uses Keras' ε 1e-3 and momentum 0.99 (PyTorch's 0.01). Keras' <c>recurrent_dropout</c> on LSTMs 1–2 is
/// approximated by dropout on their outputs. The preset builds exactly this class.
/// The LSTMs run time-major (T, B, ·): the (B, T, 1) input is transposed once, where batch-first LSTMs would copy
/// each (B, T, H) output to time-major and back again around every layer (about 7 ms of a 1.1 s paper-sized step).
/// Notebook 06 writes the same network batch-first, as Keras does; both give the same outputs.
/// </summary>
public sealed class NotesAndChordsNet : SequenceModel
{
    /// <param name="vocabularySize">Output classes V.</param>
    /// <param name="hiddenSize">Units of LSTM 1 (paper: 512).</param>
    /// <param name="hiddenSize2">Units of LSTMs 2 and 3 (paper: 512).</param>
    /// <param name="denseSize">Units of the hidden dense layer (paper: 256).</param>
    /// <param name="dropout">Dropout probability (paper: 0.3).</param>
    public NotesAndChordsNet(int vocabularySize, int hiddenSize = 512, int hiddenSize2 = 512, int denseSize = 256, float dropout = 0.3f)
    {
        L1 = RegisterModule("l1", new LSTM(1, hiddenSize));
        L2 = RegisterModule("l2", new LSTM(hiddenSize, hiddenSize2));
        L3 = RegisterModule("l3", new LSTM(hiddenSize2, hiddenSize2));
        Bn1 = RegisterModule("bn1", new BatchNorm1d(hiddenSize2, eps: 1e-3f, momentum: 0.01f));
        Fc1 = RegisterModule("fc1", new Linear(hiddenSize2, denseSize));
        Bn2 = RegisterModule("bn2", new BatchNorm1d(denseSize, eps: 1e-3f, momentum: 0.01f));
        Fc2 = RegisterModule("fc2", new Linear(denseSize, vocabularySize));
        Drop = RegisterModule("drop", new Dropout(dropout));
    }

    public LSTM L1 { get; }
    public LSTM L2 { get; }
    public LSTM L3 { get; }
    public BatchNorm1d Bn1 { get; }
    public Linear Fc1 { get; }
    public BatchNorm1d Bn2 { get; }
    public Linear Fc2 { get; }
    public Dropout Drop { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => Step(x, new RecurrentState());

    /// <summary>LSTM slots 0–2.</summary>
    public override Tensor Step(Tensor chunk, RecurrentState state)
    {
        var x = F.Transpose(chunk, 0, 1);                     // (B, T, 1) → (T, B, 1)
        var s = Drop.Forward(RunLstm(L1, x, state, 0));        // (T, B, H1)
        s = Drop.Forward(RunLstm(L2, s, state, 1));            // (T, B, H2)
        var h = F.Select(RunLstm(L3, s, state, 2), 0, -1);    // (B, H2): the last step
        h = Drop.Forward(Bn1.Forward(h));
        h = Drop.Forward(Bn2.Forward(F.Relu(Fc1.Forward(h))));
        return Fc2.Forward(h); // (B, V) logits
    }
}
