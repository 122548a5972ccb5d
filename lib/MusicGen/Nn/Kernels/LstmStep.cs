using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Nn.Kernels;

/// <summary>
/// Inference-only step of one LSTM layer for one sequence (batch 1), for generation: no autograd tape, no tensor and
/// no allocation per step, state (h, c) kept inside. One pass per block of 16 hidden units computes the block's four
/// gate pre-activations (i, f, g, o — PyTorch's row order) from z = [x; h] with 8 Vector256 accumulators and applies
/// the cell update to them while they are still in registers: c' = f⊙c + i⊙g, h' = o⊙tanh(c') (LSTM.cs).
/// Checked against <see cref="StepNaive.Lstm"/> in LstmStepTests.
/// </summary>
/// <remarks>
/// Weights are packed once: <c>_w[block][k][gate][16]</c> for k over the I inputs and the Hp (H padded to 16) hidden
/// inputs, so a block streams one contiguous panel of (I + Hp)·64 floats. Padded units have zero weights and bias, so
/// their c and h stay 0. The two PyTorch biases are added into one.
/// </remarks>
internal sealed class LstmStep
{
    /// <summary>Hidden units per block: 4 gates × 16 units = 8 accumulators of 8 lanes, enough to cover FMA latency.</summary>
    public const int Block = 16;

    readonly float[] _w;     // (Hp/16, I + Hp, 4, 16)
    readonly float[] _bias;  // (Hp/16, 4, 16)
    readonly float[] _z;     // [x (I); h (Hp)]: the input of the gate products
    readonly float[] _c;     // (Hp)
    readonly float[] _hNext; // (Hp): h' is written here while h is still being read

    /// <summary>Packs layer <paramref name="layer"/> of <paramref name="lstm"/> (unidirectional).</summary>
    public LstmStep(LSTM lstm, int layer = 0)
        : this(Param(lstm, "weight_ih", layer), Param(lstm, "weight_hh", layer), OptionalParam(lstm, "bias_ih", layer),
               OptionalParam(lstm, "bias_hh", layer), layer == 0 ? lstm.InputSize : lstm.HiddenSize, lstm.HiddenSize)
    {
        if (lstm.Bidirectional) throw new ArgumentException("a bidirectional LSTM cannot step one row at a time", nameof(lstm));
    }

    /// <summary>From PyTorch-layout weights: wIh (4H, I), wHh (4H, H), biases (4H) or empty.</summary>
    public LstmStep(ReadOnlySpan<float> wIh, ReadOnlySpan<float> wHh, ReadOnlySpan<float> bIh, ReadOnlySpan<float> bHh, int inputSize, int hiddenSize)
    {
        if (wIh.Length != 4 * hiddenSize * inputSize || wHh.Length != 4 * hiddenSize * hiddenSize)
            throw new ArgumentException($"LSTM weights must be (4H, I) and (4H, H) for I = {inputSize}, H = {hiddenSize}");
        (InputSize, HiddenSize) = (inputSize, hiddenSize);
        int hp = (hiddenSize + Block - 1) / Block * Block, k = inputSize + hp, blocks = hp / Block;
        _w = new float[blocks * k * 4 * Block];
        _bias = new float[blocks * 4 * Block];
        _z = new float[k];
        _c = new float[hp];
        _hNext = new float[hp];
        for (int gate = 0; gate < 4; gate++)
            for (int j = 0; j < hiddenSize; j++)
            {
                int row = gate * hiddenSize + j, b = j / Block, u = j % Block;
                for (int col = 0; col < k; col++)
                {
                    float v = col < inputSize ? wIh[row * inputSize + col]
                            : col - inputSize < hiddenSize ? wHh[row * hiddenSize + col - inputSize] : 0f;
                    _w[((b * k + col) * 4 + gate) * Block + u] = v;
                }
                _bias[(b * 4 + gate) * Block + u] = (bIh.IsEmpty ? 0f : bIh[row]) + (bHh.IsEmpty ? 0f : bHh[row]);
            }
    }

    public int InputSize { get; }

    public int HiddenSize { get; }

    /// <summary>The hidden state after the last step, (H).</summary>
    public ReadOnlySpan<float> H => _z.AsSpan(InputSize, HiddenSize);

    /// <summary>The cell state after the last step, (H).</summary>
    public ReadOnlySpan<float> C => _c.AsSpan(0, HiddenSize);

    /// <summary>Zero state, as before a sequence's first step.</summary>
    public void Reset()
    {
        Array.Clear(_z);
        Array.Clear(_c);
    }

    /// <summary>Sets (h, c) (each of length H), e.g. to continue from a state computed elsewhere.</summary>
    public void SetState(ReadOnlySpan<float> h, ReadOnlySpan<float> c)
    {
        if (h.Length != HiddenSize || c.Length != HiddenSize) throw new ArgumentException($"state must have {HiddenSize} values");
        h.CopyTo(_z.AsSpan(InputSize));
        c.CopyTo(_c);
    }

    /// <summary>One step on x (I); returns the new h (H), valid until the next call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> x)
    {
        if (x.Length != InputSize) throw new ArgumentException($"expected {InputSize} inputs, got {x.Length}", nameof(x));
        x.CopyTo(_z);
        int k = _z.Length, blocks = _c.Length / Block;
        ref float w = ref MemoryMarshal.GetArrayDataReference(_w);
        ref float z = ref MemoryMarshal.GetArrayDataReference(_z);
        ref float bias = ref MemoryMarshal.GetArrayDataReference(_bias);
        ref float c = ref MemoryMarshal.GetArrayDataReference(_c);
        ref float hNext = ref MemoryMarshal.GetArrayDataReference(_hNext);
        for (int b = 0; b < blocks; b++)
        {
            // Accumulators: (i, f, g, o) × (units 0–7, 8–15), starting from the bias.
            nuint bb = (nuint)(b * 4 * Block);
            var i0 = Vector256.LoadUnsafe(ref bias, bb); var i1 = Vector256.LoadUnsafe(ref bias, bb + 8);
            var f0 = Vector256.LoadUnsafe(ref bias, bb + 16); var f1 = Vector256.LoadUnsafe(ref bias, bb + 24);
            var g0 = Vector256.LoadUnsafe(ref bias, bb + 32); var g1 = Vector256.LoadUnsafe(ref bias, bb + 40);
            var o0 = Vector256.LoadUnsafe(ref bias, bb + 48); var o1 = Vector256.LoadUnsafe(ref bias, bb + 56);
            ref float panel = ref Unsafe.Add(ref w, (nint)b * k * 4 * Block);
            for (int col = 0; col < k; col++)
            {
                var s = Vector256.Create(Unsafe.Add(ref z, col));
                ref float p = ref Unsafe.Add(ref panel, col * 4 * Block);
                i0 = Fmadd(Vector256.LoadUnsafe(ref p), s, i0);
                i1 = Fmadd(Vector256.LoadUnsafe(ref p, 8), s, i1);
                f0 = Fmadd(Vector256.LoadUnsafe(ref p, 16), s, f0);
                f1 = Fmadd(Vector256.LoadUnsafe(ref p, 24), s, f1);
                g0 = Fmadd(Vector256.LoadUnsafe(ref p, 32), s, g0);
                g1 = Fmadd(Vector256.LoadUnsafe(ref p, 40), s, g1);
                o0 = Fmadd(Vector256.LoadUnsafe(ref p, 48), s, o0);
                o1 = Fmadd(Vector256.LoadUnsafe(ref p, 56), s, o1);
            }
            nuint u = (nuint)(b * Block);
            Cell(i0, f0, g0, o0, ref Unsafe.Add(ref c, u), ref Unsafe.Add(ref hNext, u));
            Cell(i1, f1, g1, o1, ref Unsafe.Add(ref c, u + 8), ref Unsafe.Add(ref hNext, u + 8));
        }
        _hNext.CopyTo(_z, InputSize);
        return H;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Cell(Vector256<float> i, Vector256<float> f, Vector256<float> g, Vector256<float> o, ref float c, ref float h)
    {
        var cNew = SimdMath.Sigmoid(f) * Vector256.LoadUnsafe(ref c) + SimdMath.Sigmoid(i) * SimdMath.Tanh(g);
        cNew.StoreUnsafe(ref c);
        (SimdMath.Sigmoid(o) * SimdMath.Tanh(cNew)).StoreUnsafe(ref h);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Fmadd(Vector256<float> x, Vector256<float> y, Vector256<float> a) =>
        System.Runtime.Intrinsics.X86.Fma.IsSupported ? System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(x, y, a) : x * y + a;

    static float[] Param(LSTM lstm, string name, int layer) =>
        OptionalParam(lstm, name, layer) is { Length: > 0 } p ? p
            : throw new ArgumentException($"the LSTM has no {name}_l{layer}", nameof(layer));

    static float[] OptionalParam(LSTM lstm, string name, int layer)
    {
        ArgumentNullException.ThrowIfNull(lstm);
        if (layer < 0 || layer >= lstm.NumLayers) throw new ArgumentOutOfRangeException(nameof(layer), $"layer {layer} of a {lstm.NumLayers}-layer LSTM");
        foreach (var (n, p) in lstm.NamedParameters())
            if (n == $"{name}_l{layer}") return p.Data.ToArray();
        return [];
    }
}
