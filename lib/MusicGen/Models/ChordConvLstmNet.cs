using MusicGen.Nn;

namespace MusicGen.Models;

/// <summary>
/// Lorinczi &amp; Brailovsky 2021's <c>hybrid-lstm</c> (<c>chord-conv-lstm</c>): Conv1d(1 → 3, kernel 5, valid) ReLU →
/// MaxPool1d(2) → LSTM(3 → H) → the last pooled step → Linear(H → W) sigmoid → Linear(W → V) logits;
/// shapes (B, 200, 1) → (B, 3, 196) → (B, 3, 98) → (B, 98, H) → (B, V). Inputs need ≥ 6 frames.
/// Generation is stateful: the LSTM advances one pooled step whenever two new frames complete a pooling window (the
/// convolution's input history is kept in the state); in between, the last pooled step's prediction is reused, which
/// is exactly what re-running the whole sequence gives. The preset builds exactly this class.
/// </summary>
public sealed class ChordConvLstmNet : SequenceModel
{
    /// <summary>Convolution filters, kernel width and pooling size of the paper.</summary>
    public const int Filters = 3, Kernel = 5, Pool = 2;

    /// <param name="vocabularySize">Output classes V.</param>
    /// <param name="hiddenSize">LSTM units (paper: 256).</param>
    /// <param name="width">Units of the sigmoid layer; the paper's is V wide (0 = V).</param>
    public ChordConvLstmNet(int vocabularySize, int hiddenSize = 256, int width = 0)
    {
        int w = width > 0 ? width : vocabularySize;
        Conv = RegisterModule("conv", new Conv1d(1, Filters, Kernel));
        MaxPool = RegisterModule("pool", new MaxPool1d(Pool));
        Lstm = RegisterModule("lstm", new LSTM(Filters, hiddenSize, batchFirst: true));
        Td = RegisterModule("td", new Linear(hiddenSize, w));
        Out = RegisterModule("out", new Linear(w, vocabularySize));
    }

    public Conv1d Conv { get; }
    public MaxPool1d MaxPool { get; }
    public LSTM Lstm { get; }
    /// <summary>The sigmoid layer (TimeDistributed in the paper's code).</summary>
    public Linear Td { get; }
    public Linear Out { get; }

    /// <summary>(B, L, 1) → pooled conv features (B, (L − 4) / 2, 3).</summary>
    Tensor Features(Tensor x)
    {
        int b = x.Size(0), l = x.Size(1);
        if (l < Kernel + 1) throw new ArgumentException($"chord-conv-lstm: needs at least {Kernel + 1} frames, got {l}", nameof(x));
        var y = MaxPool.Forward(F.Relu(Conv.Forward(F.Reshape(x, b, 1, l)))); // (B, 3, P)
        return F.Transpose(y, 1, 2);
    }

    Tensor Head(Tensor h) => Out.Forward(F.Sigmoid(Td.Forward(h))); // (B, H) → (B, V)

    /// <summary>(B, L, 1) → (B, V) logits of the frame after the last pooled step.</summary>
    public override Tensor Forward(Tensor x) => Head(F.Select(Lstm.Forward(Features(x)).Output, 1, -1));

    sealed class History
    {
        public readonly List<float> Inputs = new();
        public int Pooled;
        public Tensor? Last;
    }

    /// <summary>LSTM slot 0; the conv input history in <see cref="RecurrentState.Extra"/>.</summary>
    public override Tensor Step(Tensor chunk, RecurrentState state)
    {
        var hist = state.Extra as History ?? new History();
        state.Extra = hist;
        hist.Inputs.AddRange(chunk.ToArray());
        state.Steps += chunk.Size(1);
        int l = hist.Inputs.Count;
        int pooled = l >= Kernel + 1 ? (l - Kernel + 1) / Pool : 0;
        if (pooled == 0) throw new ArgumentException($"chord-conv-lstm: needs at least {Kernel + 1} frames, got {l}", nameof(chunk));
        if (pooled > hist.Pooled)
        {
            // Pooled steps p = Pooled … pooled−1 need conv outputs 2p, 2p+1, i.e. inputs 2·Pooled … 2·pooled + 3.
            int start = Pool * hist.Pooled, count = Pool * (pooled - hist.Pooled) + Kernel - 1;
            var x = Tensor.FromArray(hist.Inputs.GetRange(start, count).ToArray(), 1, count, 1);
            var h = F.Select(RunLstm(Lstm, Features(x), state, 0), 1, -1);
            hist.Last = Head(h);
            hist.Pooled = pooled;
        }
        return hist.Last!;
    }
}
