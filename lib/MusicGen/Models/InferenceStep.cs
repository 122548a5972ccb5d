using MusicGen.Nn;
using MusicGen.Nn.Kernels;

namespace MusicGen.Models;

/// <summary>
/// A preset network's generation step for one sequence without the autograd engine: the same function as
/// <see cref="SequenceModel.Step"/> in eval mode on a (1, 1, I) chunk, computed by the inference-only kernels
/// <see cref="LstmStep"/> and <see cref="LinearStep"/> over weights packed once, with the LSTM states kept inside —
/// no tape, no tensor and no allocation per row. <see cref="Preset.GenerateRows"/> uses it when <see cref="For"/>
/// knows the network; the result equals the tape path up to float rounding (InferenceStepTests: outputs within
/// 1e-5, generated rows identical for a seed).
/// </summary>
/// <remarks>
/// Eval mode: dropout is the identity and BatchNorm1d uses its running statistics, folded into the Linear layer
/// that follows it (y = W(s⊙h + t) + b = (W·diag s) h + (W t + b)). Weights are packed (copied) when the step is
/// built, except a single Linear layer above <see cref="LinearStep.PackLimit"/> weights, which is read in place: build a
/// new step after changing the weights (<see cref="Preset.GenerateRows"/> builds one per call).
/// </remarks>
internal sealed class InferenceStep
{
    /// <summary>Feeds x through the LSTMs and, when y is not empty, the rest of the network into y.</summary>
    delegate void Run(ReadOnlySpan<float> x, Span<float> y);

    readonly LstmStep[] _lstms;
    readonly Run _run;

    InferenceStep(int inputSize, int outputSize, LstmStep[] lstms, LinearStep[] linears, Run run)
    {
        (InputSize, OutputSize, _lstms, _run) = (inputSize, outputSize, lstms, run);
        FlopsPerRow = lstms.Sum(l => 2L * 4 * l.HiddenSize * (l.InputSize + l.HiddenSize)) + linears.Sum(l => 2L * l.InFeatures * l.OutFeatures);
    }

    /// <summary>Features per input row.</summary>
    public int InputSize { get; }

    /// <summary>Outputs per row (what <see cref="SequenceModel.Step"/> returns, (1, O)).</summary>
    public int OutputSize { get; }

    /// <summary>Multiply-add FLOPs (×2) of one row's matrix-vector products (gates and Linear layers; element-wise work not counted).</summary>
    public long FlopsPerRow { get; }

    /// <summary>Zero LSTM states, as before a sequence's first row.</summary>
    public void Reset()
    {
        foreach (var l in _lstms) l.Reset();
    }

    /// <summary>Feeds one input row x (I) and writes the outputs after it to <paramref name="output"/> (O).</summary>
    public void Forward(ReadOnlySpan<float> x, Span<float> output)
    {
        if (x.Length != InputSize) throw new ArgumentException($"expected {InputSize} inputs, got {x.Length}", nameof(x));
        if (output.Length != OutputSize) throw new ArgumentException($"expected room for {OutputSize} outputs, got {output.Length}", nameof(output));
        _run(x, output);
    }

    /// <summary>Feeds one input row x (I) through the LSTMs only — a prompt row whose outputs are not needed, which
    /// skips the layers after the LSTMs (for the chord-set presets, a 21,735-way output layer).</summary>
    public void Feed(ReadOnlySpan<float> x)
    {
        if (x.Length != InputSize) throw new ArgumentException($"expected {InputSize} inputs, got {x.Length}", nameof(x));
        _run(x, Span<float>.Empty);
    }

    /// <summary>The inference step of a preset network (the classes of lib/MusicGen/Models), or null for a network
    /// it does not know (a user's own <see cref="SequenceModel"/>, a bidirectional or convolutional one).</summary>
    public static InferenceStep? For(SequenceModel model) => model switch
    {
        PitchStepDurationNet n => Build(n.Lstm, [], new LinearStep(StepActivation.None, n.Pitch, n.StepHead, n.Duration)),
        PitchRegressionNet n => Build(n.L1, [n.L2], new LinearStep(StepActivation.None, n.Out)),
        ChordLstmNet n => Build(n.Lstm, [], new LinearStep(StepActivation.Relu, n.Fc1), new LinearStep(StepActivation.Relu, n.Fc2), new LinearStep(StepActivation.None, n.Out)),
        ChordStackedLstmNet n => Build(n.L1, [n.L2], new LinearStep(StepActivation.Relu, n.Fc), new LinearStep(StepActivation.None, n.Out)),
        PianoRollLstm n => Build(n.Lstm, [], new LinearStep(StepActivation.None, n.Linear)),
        NotesAndChordsNet n => Build(n.L1, [n.L2, n.L3], Folded(n.Bn1, n.Fc1, StepActivation.Relu), Folded(n.Bn2, n.Fc2, StepActivation.None)),
        MelodyNet n => Melody(n),
        _ => null,
    };

    /// <summary>LSTMs in a chain (each layer of each), then Linear layers in a chain.</summary>
    static InferenceStep? Build(LSTM first, LSTM[] more, params LinearStep[] head)
    {
        LSTM[] all = [first, .. more];
        if (all.Any(l => l.Bidirectional)) return null;
        var lstms = all.SelectMany(l => Enumerable.Range(0, l.NumLayers).Select(k => new LstmStep(l, k))).ToArray();
        return new InferenceStep(first.InputSize, head[^1].OutFeatures, lstms, head, (x, y) =>
        {
            var h = x;
            foreach (var l in lstms) h = l.Forward(h);
            if (y.IsEmpty) return;
            foreach (var linear in head) h = linear.Forward(h);
            h.CopyTo(y);
        });
    }

    /// <summary>MelodyNet: LayerNorm over the 4 features, two LSTMs (optionally LSTM 1's h added to LSTM 2's), fc1 + ReLU, fc2.</summary>
    static InferenceStep? Melody(MelodyNet n)
    {
        if (n.L1.Bidirectional || n.L2.Bidirectional || n.L1.NumLayers != 1 || n.L2.NumLayers != 1) return null;
        var l1 = new LstmStep(n.L1);
        var l2 = new LstmStep(n.L2);
        var fc1 = new LinearStep(StepActivation.Relu, n.Fc1);
        var fc2 = new LinearStep(StepActivation.None, n.Fc2);
        int d = n.L1.InputSize;
        var norm = new float[d];
        var sum = new float[n.L2.HiddenSize];
        float[]? gamma = n.Norm.Weight?.Data.ToArray(), beta = n.Norm.Bias?.Data.ToArray();
        float eps = n.Norm.Eps;
        bool residual = n.Residual;
        return new InferenceStep(d, fc2.OutFeatures, [l1, l2], [fc1, fc2], (x, y) =>
        {
            // LayerNorm as F.LayerNorm computes it: mean, biased variance, (x − mean)·rstd·γ + β.
            float mean = 0;
            for (int k = 0; k < d; k++) mean += x[k];
            mean /= d;
            float var = 0;
            for (int k = 0; k < d; k++) { norm[k] = x[k] - mean; var += norm[k] * norm[k]; }
            float rstd = 1f / MathF.Sqrt(var / d + eps);
            for (int k = 0; k < d; k++) norm[k] = norm[k] * rstd * (gamma?[k] ?? 1f) + (beta?[k] ?? 0f);
            var h1 = l1.Forward(norm);
            var h = l2.Forward(h1);
            if (y.IsEmpty) return;
            if (residual)
            {
                for (int k = 0; k < sum.Length; k++) sum[k] = h[k] + h1[k];
                h = sum;
            }
            fc2.Forward(fc1.Forward(h)).CopyTo(y);
        });
    }

    /// <summary>Linear(BatchNorm1d(h)) in eval mode as one Linear: W·diag(s), W t + b with s = γ/√(var + eps), t = β − mean·s.</summary>
    static LinearStep Folded(BatchNorm1d bn, Linear linear, StepActivation activation)
    {
        int inputs = linear.InFeatures, outputs = linear.OutFeatures;
        var w = linear.Weight.Data;
        var mean = bn.RunningMean.Data;
        var variance = bn.RunningVar.Data;
        var weight = new float[outputs * inputs];
        var bias = new float[outputs];
        var s = new double[inputs];
        var t = new double[inputs];
        for (int k = 0; k < inputs; k++)
        {
            s[k] = (bn.Weight?.Data[k] ?? 1f) / Math.Sqrt(variance[k] + (double)bn.Eps);
            t[k] = (bn.Bias?.Data[k] ?? 0f) - mean[k] * s[k];
        }
        for (int o = 0; o < outputs; o++)
        {
            double b = linear.Bias?.Data[o] ?? 0f;
            for (int k = 0; k < inputs; k++)
            {
                weight[o * inputs + k] = (float)(w[o * inputs + k] * s[k]);
                b += w[o * inputs + k] * t[k];
            }
            bias[o] = (float)b;
        }
        return new LinearStep(weight, bias, inputs, activation);
    }
}
