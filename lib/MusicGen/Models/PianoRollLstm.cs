using MusicGen.Data;
using MusicGen.Nn;

namespace MusicGen.Models;

/// <summary>
/// The <c>pianoroll-lstm</c> model (lib/README.md §4, Presets; beyond the seeds: the polyphonic benchmark of
/// SOURCES.md §6): a stacked LSTM over 88-key binary frames, dropout, and a linear layer to 88 logits, one
/// independent Bernoulli per key (p = σ(logit)). Frame t's output predicts frame t + 1. Sizes follow Bai, Kolter &amp;
/// Koltun 2018 (arXiv 1803.01271), Table 3, JSB Chorales: 2 layers × 200 units, dropout 0.2, gradient clip 1, and
/// a raised forget-gate bias (they grid-searched it; 10.0 for JSB).
/// </summary>
/// <remarks>Input (B, T, 88) batch-first → logits (B, T, 88). Parameter names are PyTorch's
/// (<c>lstm.weight_ih_l0</c>, …, <c>linear.weight</c>) so a checkpoint loads into the equivalent torch module.</remarks>
public sealed class PianoRollLstm : SequenceModel
{
    /// <param name="hiddenSize">Units per LSTM layer (Bai et al.: 200).</param>
    /// <param name="numLayers">Stacked LSTM layers (Bai et al.: 2).</param>
    /// <param name="dropout">Dropout between the LSTM layers and before the output layer (Bai et al.: 0.2).</param>
    /// <param name="forgetBias">Initial forget-gate bias: the b_ih forget rows are set to it and the b_hh ones to 0,
    /// so the gate starts open (Gers et al. 2000; Jozefowicz et al. 2015). null keeps PyTorch's uniform init.</param>
    /// <param name="inputDropout">Dropout on the input frames (keys zeroed while training, the rest scaled by 1/(1 − p));
    /// 0 (the default, and Bai et al.'s setting) adds no layer.</param>
    public PianoRollLstm(int hiddenSize = 200, int numLayers = 2, float dropout = 0.2f, float? forgetBias = 1f, float inputDropout = 0f)
    {
        (HiddenSize, NumLayers, DropoutP, ForgetBias) = (hiddenSize, numLayers, dropout, forgetBias);
        if (inputDropout > 0) InputDropout = RegisterModule("input_dropout", new Dropout(inputDropout));
        Lstm = RegisterModule("lstm", new LSTM(PianoRollDataset.Keys, hiddenSize, numLayers, batchFirst: true, dropout: numLayers > 1 ? dropout : 0f));
        Dropout = RegisterModule("dropout", new Dropout(dropout));
        Linear = RegisterModule("linear", new Linear(hiddenSize, PianoRollDataset.Keys));
        if (forgetBias is { } fb)
            foreach (var (name, p) in Lstm.NamedParameters())
                if (name.StartsWith("bias_", StringComparison.Ordinal))
                    // Gate rows are (i, f, g, o), H each: the forget gate is rows H … 2H − 1.
                    p.Data.Slice(hiddenSize, hiddenSize).Fill(name.StartsWith("bias_ih", StringComparison.Ordinal) ? fb : 0f);
    }

    public int HiddenSize { get; }

    public int NumLayers { get; }

    public float DropoutP { get; }

    public float? ForgetBias { get; }

    public LSTM Lstm { get; }

    /// <summary>Dropout on the input frames, or null (no input dropout).</summary>
    public Dropout? InputDropout { get; }

    public Dropout Dropout { get; }

    public Linear Linear { get; }

    /// <summary>
    /// Sets the output bias to the logits of each key's frequency in <paramref name="pieces"/> (Laplace-smoothed:
    /// (on + 1) / (frames + 2)), so training starts at the independent-Bernoulli baseline (≈ 11 nats on JSB
    /// instead of 88 ln 2 ≈ 61). Without it the first epochs push the constant part of the hidden state to carry the
    /// base rates, and on JSB both this engine and PyTorch then sit near 11.0 for 10–20 epochs before the LSTM starts
    /// to use its input ("initialise the final layer well", Karpathy 2019, "A Recipe for Training Neural Networks").
    /// </summary>
    public void InitOutputBias(IEnumerable<float[,]> pieces)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        var on = new double[PianoRollDataset.Keys];
        long frames = 0;
        foreach (var p in pieces)
        {
            if (p.GetLength(1) != PianoRollDataset.Keys) throw new ArgumentException($"pieces must have {PianoRollDataset.Keys} keys per frame, got {p.GetLength(1)}", nameof(pieces));
            for (int t = 0; t < p.GetLength(0); t++)
                for (int k = 0; k < PianoRollDataset.Keys; k++) on[k] += p[t, k];
            frames += p.GetLength(0);
        }
        var bias = Linear.Bias!.Data;
        for (int k = 0; k < PianoRollDataset.Keys; k++)
        {
            double f = (on[k] + 1) / (frames + 2);
            bias[k] = (float)Math.Log(f / (1 - f));
        }
    }

    /// <summary>(B, T, 88) frames → (B, T, 88) logits; row t predicts frame t + 1.</summary>
    public override Tensor Forward(Tensor x) =>
        Linear.Forward(Dropout.Forward(Lstm.Forward(InputDropout is null ? x : InputDropout.Forward(x)).Output));

    /// <summary>Generation: feeds (1, t, 88) frames from the carried (h, c) and returns the logits of the next
    /// frame, (1, 88).</summary>
    public override Tensor Step(Tensor chunk, RecurrentState state)
    {
        var h = RunLstm(Lstm, InputDropout is null ? chunk : InputDropout.Forward(chunk), state, 0); // (1, t, H)
        return Linear.Forward(Dropout.Forward(F.Select(h, 1, -1))); // (1, H) → (1, 88)
    }
}
