using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Nn.Kernels;

/// <summary>
/// Inference-only y = act(W x + b) for one row (batch 1): a matrix-vector product over weights packed once, no
/// tensor and no allocation per call. Several Linear layers that read the same input (e.g. the three heads of
/// <c>pitch-step-duration</c>) are packed as one, their outputs concatenated. Checked against
/// <see cref="StepNaive.Linear"/> in LstmStepTests.
/// </summary>
/// <remarks>
/// Outputs are padded to a multiple of 8 and cut into panels of 64 (8 Vector256 accumulators, enough independent FMA
/// chains to cover FMA latency) stored (In, 64) contiguously; the remaining whole vectors are single-vector panels
/// (In, 8) with two accumulators (even and odd inputs). A layer above <see cref="PackLimit"/> weights (e.g. the 256 →
/// 21,735 output of the chord-set presets, 22 MB) is not packed: its product streams from memory either way, so it
/// reads the row-major weight in place (4 rows at a time, one dot product each) and costs no copy per generation.
/// </remarks>
internal sealed class LinearStep
{
    const int Panel = 64;

    /// <summary>Layers with more weights than this are read in place, row-major, instead of packed.</summary>
    public const int PackLimit = 1 << 20;

    readonly float[] _w;    // packed: full panels (In, 64), then single-vector panels (In, 8); or the row-major (Out, In) weight
    readonly bool _rowMajor;
    readonly float[] _bias; // (Op)
    readonly float[] _y;    // (Op)
    readonly int _fullPanels, _tailVectors;

    /// <summary><paramref name="layers"/> (same InFeatures) as one layer with their outputs concatenated. A single
    /// large layer's weight is read in place (<see cref="PackLimit"/>), so the step sees later changes to it.</summary>
    public LinearStep(StepActivation activation, params Linear[] layers)
        : this(layers.Length == 1 && layers[0].Weight.Data.Length > PackLimit ? layers[0].Weight.Buffer : Weights(layers),
               layers.Sum(l => l.OutFeatures) * layers[0].InFeatures, Biases(layers), layers[0].InFeatures, activation) { }

    /// <summary>From a row-major weight (Out, In) and a bias (Out) or empty (copied).</summary>
    public LinearStep(ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int inFeatures, StepActivation activation = StepActivation.None)
        : this(weight.ToArray(), weight.Length, bias, inFeatures, activation) { }

    LinearStep(float[] weight, int count, ReadOnlySpan<float> bias, int inFeatures, StepActivation activation)
    {
        if (inFeatures < 1 || count % inFeatures != 0 || count == 0 || count > weight.Length)
            throw new ArgumentException($"weight of {count} values is not (Out, {inFeatures})", nameof(weight));
        int outFeatures = count / inFeatures;
        if (!bias.IsEmpty && bias.Length != outFeatures) throw new ArgumentException($"bias has {bias.Length} values, expected {outFeatures}", nameof(bias));
        (InFeatures, OutFeatures, Activation) = (inFeatures, outFeatures, activation);
        int op = (outFeatures + 7) / 8 * 8;
        _bias = new float[op];
        _y = new float[op];
        if (count > PackLimit)
        {
            (_w, _rowMajor) = (weight, true);
            if (!bias.IsEmpty) bias.CopyTo(_bias);
            return;
        }
        _fullPanels = op / Panel;
        _tailVectors = (op - _fullPanels * Panel) / 8;
        _w = new float[op * inFeatures];
        for (int o = 0; o < outFeatures; o++)
        {
            int panel = o / Panel, baseOffset, width, lane;
            if (panel < _fullPanels) (baseOffset, width, lane) = (panel * Panel * inFeatures, Panel, o % Panel);
            else
            {
                int v = (o - _fullPanels * Panel) / 8;
                (baseOffset, width, lane) = ((_fullPanels * Panel + v * 8) * inFeatures, 8, o % 8);
            }
            for (int k = 0; k < inFeatures; k++) _w[baseOffset + k * width + lane] = weight[o * inFeatures + k];
            _bias[o] = bias.IsEmpty ? 0f : bias[o];
        }
    }

    public int InFeatures { get; }

    public int OutFeatures { get; }

    public StepActivation Activation { get; }

    /// <summary>act(W x + b) for x (In); the result (Out) is valid until the next call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> x)
    {
        if (x.Length != InFeatures) throw new ArgumentException($"expected {InFeatures} inputs, got {x.Length}", nameof(x));
        int n = InFeatures;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float w = ref MemoryMarshal.GetArrayDataReference(_w);
        ref float bias = ref MemoryMarshal.GetArrayDataReference(_bias);
        ref float y = ref MemoryMarshal.GetArrayDataReference(_y);
        if (_rowMajor)
        {
            RowMajor(x);
            return _y.AsSpan(0, OutFeatures);
        }
        for (int p = 0; p < _fullPanels; p++)
        {
            nuint o = (nuint)(p * Panel);
            var a0 = Vector256.LoadUnsafe(ref bias, o); var a1 = Vector256.LoadUnsafe(ref bias, o + 8);
            var a2 = Vector256.LoadUnsafe(ref bias, o + 16); var a3 = Vector256.LoadUnsafe(ref bias, o + 24);
            var a4 = Vector256.LoadUnsafe(ref bias, o + 32); var a5 = Vector256.LoadUnsafe(ref bias, o + 40);
            var a6 = Vector256.LoadUnsafe(ref bias, o + 48); var a7 = Vector256.LoadUnsafe(ref bias, o + 56);
            ref float panel = ref Unsafe.Add(ref w, (nint)p * Panel * n);
            for (int k = 0; k < n; k++)
            {
                var s = Vector256.Create(Unsafe.Add(ref xr, k));
                ref float q = ref Unsafe.Add(ref panel, k * Panel);
                a0 = LstmStep.Fmadd(Vector256.LoadUnsafe(ref q), s, a0);
                a1 = LstmStep.Fmadd(Vector256.LoadUnsafe(ref q, 8), s, a1);
                a2 = LstmStep.Fmadd(Vector256.LoadUnsafe(ref q, 16), s, a2);
                a3 = LstmStep.Fmadd(Vector256.LoadUnsafe(ref q, 24), s, a3);
                a4 = LstmStep.Fmadd(Vector256.LoadUnsafe(ref q, 32), s, a4);
                a5 = LstmStep.Fmadd(Vector256.LoadUnsafe(ref q, 40), s, a5);
                a6 = LstmStep.Fmadd(Vector256.LoadUnsafe(ref q, 48), s, a6);
                a7 = LstmStep.Fmadd(Vector256.LoadUnsafe(ref q, 56), s, a7);
            }
            Store(a0, ref y, o); Store(a1, ref y, o + 8); Store(a2, ref y, o + 16); Store(a3, ref y, o + 24);
            Store(a4, ref y, o + 32); Store(a5, ref y, o + 40); Store(a6, ref y, o + 48); Store(a7, ref y, o + 56);
        }
        for (int v = 0; v < _tailVectors; v++)
        {
            nuint o = (nuint)(_fullPanels * Panel + v * 8);
            ref float panel = ref Unsafe.Add(ref w, (nint)o * n);
            var even = Vector256.LoadUnsafe(ref bias, o);
            var odd = Vector256<float>.Zero;
            int k = 0;
            for (; k + 1 < n; k += 2)
            {
                even = LstmStep.Fmadd(Vector256.LoadUnsafe(ref panel, (nuint)(k * 8)), Vector256.Create(Unsafe.Add(ref xr, k)), even);
                odd = LstmStep.Fmadd(Vector256.LoadUnsafe(ref panel, (nuint)(k * 8 + 8)), Vector256.Create(Unsafe.Add(ref xr, k + 1)), odd);
            }
            if (k < n) even = LstmStep.Fmadd(Vector256.LoadUnsafe(ref panel, (nuint)(k * 8)), Vector256.Create(Unsafe.Add(ref xr, k)), even);
            Store(even + odd, ref y, o);
        }
        return _y.AsSpan(0, OutFeatures);
    }

    /// <summary>y = act(W x + b) over the row-major weight: 4 rows at a time, a Vector256 accumulator each.</summary>
    void RowMajor(ReadOnlySpan<float> x)
    {
        int n = InFeatures, o = 0;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float w = ref MemoryMarshal.GetArrayDataReference(_w);
        for (; o + 4 <= OutFeatures; o += 4)
        {
            ref float r0 = ref Unsafe.Add(ref w, (nint)o * n);
            ref float r1 = ref Unsafe.Add(ref r0, n);
            ref float r2 = ref Unsafe.Add(ref r1, n);
            ref float r3 = ref Unsafe.Add(ref r2, n);
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            int k = 0;
            for (; k + 8 <= n; k += 8)
            {
                var xv = Vector256.LoadUnsafe(ref xr, (nuint)k);
                a0 = LstmStep.Fmadd(Vector256.LoadUnsafe(ref r0, (nuint)k), xv, a0);
                a1 = LstmStep.Fmadd(Vector256.LoadUnsafe(ref r1, (nuint)k), xv, a1);
                a2 = LstmStep.Fmadd(Vector256.LoadUnsafe(ref r2, (nuint)k), xv, a2);
                a3 = LstmStep.Fmadd(Vector256.LoadUnsafe(ref r3, (nuint)k), xv, a3);
            }
            float s0 = Vector256.Sum(a0), s1 = Vector256.Sum(a1), s2 = Vector256.Sum(a2), s3 = Vector256.Sum(a3);
            for (; k < n; k++)
            {
                float xk = Unsafe.Add(ref xr, k);
                s0 += Unsafe.Add(ref r0, k) * xk; s1 += Unsafe.Add(ref r1, k) * xk;
                s2 += Unsafe.Add(ref r2, k) * xk; s3 += Unsafe.Add(ref r3, k) * xk;
            }
            _y[o] = Scalar(s0 + _bias[o]); _y[o + 1] = Scalar(s1 + _bias[o + 1]);
            _y[o + 2] = Scalar(s2 + _bias[o + 2]); _y[o + 3] = Scalar(s3 + _bias[o + 3]);
        }
        for (; o < OutFeatures; o++)
        {
            float s = _bias[o];
            for (int k = 0; k < n; k++) s += _w[(long)o * n + k] * x[k];
            _y[o] = Scalar(s);
        }
    }

    float Scalar(float v) => Activation switch
    {
        StepActivation.Relu => MathF.Max(v, 0f),
        StepActivation.Sigmoid => SimdMath.Sigmoid(v),
        _ => v,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    void Store(Vector256<float> v, ref float y, nuint at)
    {
        var a = Activation switch
        {
            StepActivation.Relu => Vector256.Max(v, Vector256<float>.Zero),
            StepActivation.Sigmoid => SimdMath.Sigmoid(v),
            _ => v,
        };
        a.StoreUnsafe(ref y, at);
    }

    static float[] Weights(Linear[] layers)
    {
        if (layers.Length == 0) throw new ArgumentException("no Linear layers", nameof(layers));
        if (layers.Any(l => l.InFeatures != layers[0].InFeatures)) throw new ArgumentException("the layers must read the same input size", nameof(layers));
        var w = new float[layers.Sum(l => l.OutFeatures) * layers[0].InFeatures];
        int at = 0;
        foreach (var l in layers)
        {
            l.Weight.Data.CopyTo(w.AsSpan(at));
            at += l.Weight.Data.Length;
        }
        return w;
    }

    static float[] Biases(Linear[] layers)
    {
        if (layers.All(l => l.Bias is null)) return [];
        var b = new float[layers.Sum(l => l.OutFeatures)];
        int at = 0;
        foreach (var l in layers)
        {
            l.Bias?.Data.CopyTo(b.AsSpan(at));
            at += l.OutFeatures;
        }
        return b;
    }
}
