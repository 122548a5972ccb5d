using MusicGen.Nn;

namespace MusicGen.Models;

/// <summary>
/// <c>chord-conv-lstm</c>: Lorinczi &amp; Brailovsky 2021, the <c>hybrid-lstm</c> model (§2.3): Conv1D(3 filters,
/// kernel 5, valid, ReLU) → MaxPooling1D(2) → LSTM(256, return sequences) → TimeDistributed(Dense V, sigmoid) →
/// Dense V (softmax in the loss); shapes (200, 1) → (196, 3) → (98, 3) → (98, 256) → (98, V).
/// The code trains it against the next-token target although the output is per step (§2.3: inconsistent as
/// written); we use the last pooled step's prediction for the next frame, so only that step goes through the dense
/// layers (the same loss, without computing 97 unused V×V products).
/// Generation is stateful: the LSTM advances by one pooled step whenever two new frames complete a pooling
/// window (conv inputs are kept in the state); in between, the prediction of the last pooled step is reused,
/// exactly what re-running the whole sequence gives. Prompts need ≥ 6 frames. See <see cref="ChordSetPreset"/>.
/// </summary>
public sealed class ChordConvLstmPreset : ChordSetPreset
{
    const int Filters = 3, Kernel = 5, Pool = 2;

    /// <inheritdoc/>
    public override string Id => "chord-conv-lstm";

    /// <summary>The paper's sizes with <see cref="PresetOptions.DenseSize"/> = 0: the per-step sigmoid layer is V wide.</summary>
    public override PresetOptions DefaultOptions() => base.DefaultOptions() with { DenseSize = 0 };

    /// <summary>Width of the per-step sigmoid layer: <see cref="PresetOptions.DenseSize"/>, or V when it is 0 (the
    /// paper). Tiny options use 16, since the paper's V×V output layer makes real vocabularies (V ≈ 17–22 k)
    /// need ~0.3–0.5 G parameters.</summary>
    internal static int Width(PresetOptions o) => o.DenseSize > 0 ? o.DenseSize : o.VocabularySize;

    /// <inheritdoc/>
    protected override SequenceModel BuildNet(PresetOptions o) => new Net(o);

    /// <inheritdoc/>
    public override long ParameterCount() => Count(false);

    /// <inheritdoc/>
    public override long KerasParameterCount() => Count(true);

    long Count(bool keras) => ParameterCounts.Conv1d(1, Filters, Kernel) + ParameterCounts.Lstm(Filters, Options.HiddenSize, keras)
        + ParameterCounts.Linear(Options.HiddenSize, Width(Options)) + ParameterCounts.Linear(Width(Options), Options.VocabularySize);

    sealed class History
    {
        public readonly List<float> Inputs = new();
        public int Pooled;
        public Tensor? Last;
    }

    sealed class Net : SequenceModel
    {
        readonly Conv1d _conv;
        readonly MaxPool1d _pool;
        readonly LSTM _lstm;
        readonly Linear _td, _out;

        public Net(PresetOptions o)
        {
            _conv = RegisterModule("conv", new Conv1d(1, Filters, Kernel));
            _pool = RegisterModule("pool", new MaxPool1d(Pool));
            _lstm = RegisterModule("lstm", new LSTM(Filters, o.HiddenSize, batchFirst: true));
            _td = RegisterModule("td", new Linear(o.HiddenSize, Width(o)));
            _out = RegisterModule("out", new Linear(Width(o), o.VocabularySize));
        }

        /// <summary>(B, L, 1) → pooled conv features (B, (L − 4) / 2, 3).</summary>
        Tensor Features(Tensor x)
        {
            int b = x.Size(0), l = x.Size(1);
            if (l < Kernel + 1) throw new ArgumentException($"chord-conv-lstm: needs at least {Kernel + 1} frames, got {l}", nameof(x));
            var y = _pool.Forward(F.Relu(_conv.Forward(F.Reshape(x, b, 1, l)))); // (B, 3, P)
            return F.Transpose(y, 1, 2);
        }

        Tensor Head(Tensor h) => _out.Forward(F.Sigmoid(_td.Forward(h))); // (B, H) → (B, V)

        public override Tensor Forward(Tensor x) => Head(F.Select(_lstm.Forward(Features(x)).Output, 1, -1));

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
                var h = F.Select(RunLstm(_lstm, Features(x), state, 0), 1, -1);
                hist.Last = Head(h);
                hist.Pooled = pooled;
            }
            return hist.Last!;
        }
    }
}
