using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Nn.Kernels;

/// <summary>
/// The element-wise part of one LSTM step for a whole batch (everything except the GEMMs):
/// gate nonlinearities and the cell update forward, and their derivatives backward. Shapes as in
/// <see cref="LstmKernel"/>: gate rows (B, 4H) in order i, f, g, o; states (B, H).
/// </summary>
internal static class LstmCell
{
    /// <summary>
    /// Forward: gates (B, 4H) hold pre-activations without bias on entry and activated gates on exit;
    /// c = f⊙cPrev + i⊙g, tc = tanh(c), h = o⊙tc. One fused pass: each gate value is read once and
    /// the five transcendentals per hidden unit run on 8 lanes at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(int batch, int hidden, Span<float> gates, ReadOnlySpan<float> bias,
        ReadOnlySpan<float> cPrev, Span<float> c, Span<float> tc, Span<float> h)
    {
        int H = hidden, G = 4 * H;
        ref var gRef = ref MemoryMarshal.GetReference(gates);
        ref var biasRef = ref MemoryMarshal.GetReference(bias);
        ref var cpRef = ref MemoryMarshal.GetReference(cPrev);
        ref var cRef = ref MemoryMarshal.GetReference(c);
        ref var tcRef = ref MemoryMarshal.GetReference(tc);
        ref var hRef = ref MemoryMarshal.GetReference(h);
        nuint h1 = (nuint)H, h2 = (nuint)(2 * H), h3 = (nuint)(3 * H);
        if (H % 16 == 0 && Vector512.IsHardwareAccelerated && ForceVector256 != true)
        {
            Forward512(batch, H, ref gRef, ref biasRef, ref cpRef, ref cRef, ref tcRef, ref hRef);
            return;
        }
        for (var b = 0; b < batch; b++)
        {
            nuint gr = (nuint)(b * G), sr = (nuint)(b * H);
            // Gate nonlinearities as short loops (i and f are adjacent, so one loop of 2H): a small loop
            // body lets out-of-order execution overlap the long exp dependency chains of several iterations.
            ref var row = ref Unsafe.Add(ref gRef, gr);
            SimdMath.SigmoidBiased(ref row, ref biasRef, 2 * H);
            SimdMath.TanhBiased(ref Unsafe.Add(ref row, h2), ref Unsafe.Add(ref biasRef, h2), H);
            SimdMath.SigmoidBiased(ref Unsafe.Add(ref row, h3), ref Unsafe.Add(ref biasRef, h3), H);
            var j = 0;
            for (; j <= H - 8; j += 8)
            {
                nuint gi = gr + (nuint)j, e = sr + (nuint)j;
                var ig = Vector256.LoadUnsafe(ref gRef, gi);
                var fg = Vector256.LoadUnsafe(ref gRef, gi + h1);
                var gg = Vector256.LoadUnsafe(ref gRef, gi + h2);
                var og = Vector256.LoadUnsafe(ref gRef, gi + h3);
                var cv = SimdMath.FlushSubnormal(fg * Vector256.LoadUnsafe(ref cpRef, e) + ig * gg);
                var t = SimdMath.Tanh(cv);
                cv.StoreUnsafe(ref cRef, e);
                t.StoreUnsafe(ref tcRef, e);
                SimdMath.FlushSubnormal(og * t).StoreUnsafe(ref hRef, e);
            }
            for (; j < H; j++)
            {
                nuint gi = gr + (nuint)j, e = sr + (nuint)j;
                var cv = SimdMath.FlushSubnormal(Unsafe.Add(ref gRef, gi + h1) * Unsafe.Add(ref cpRef, e) + Unsafe.Add(ref gRef, gi) * Unsafe.Add(ref gRef, gi + h2));
                var t = MathF.Tanh(cv);
                Unsafe.Add(ref cRef, e) = cv;
                Unsafe.Add(ref tcRef, e) = t;
                Unsafe.Add(ref hRef, e) = SimdMath.FlushSubnormal(Unsafe.Add(ref gRef, gi + h3) * t);
            }
        }
    }

    /// <summary>Tests set this to run <see cref="Forward"/> on Vector256 on a CPU with Vector512.</summary>
    [ThreadStatic] internal static bool? ForceVector256;

    /// <summary><see cref="Forward"/> 16 lanes at a time (H a multiple of 16): the same operations as the Vector256 loop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Forward512(int batch, int H, ref float gRef, ref float biasRef, ref float cpRef, ref float cRef, ref float tcRef, ref float hRef)
    {
        nuint h1 = (nuint)H, h2 = (nuint)(2 * H), h3 = (nuint)(3 * H), g4 = (nuint)(4 * H);
        for (var b = 0; b < batch; b++)
        {
            nuint gr = (nuint)b * g4, sr = (nuint)b * h1;
            ref var row = ref Unsafe.Add(ref gRef, gr);
            for (nuint j = 0; j < h2; j += 16)
                SimdMath.Sigmoid(Vector512.LoadUnsafe(ref row, j) + Vector512.LoadUnsafe(ref biasRef, j)).StoreUnsafe(ref row, j);
            for (nuint j = h2; j < h3; j += 16)
                SimdMath.Tanh(Vector512.LoadUnsafe(ref row, j) + Vector512.LoadUnsafe(ref biasRef, j)).StoreUnsafe(ref row, j);
            for (nuint j = h3; j < g4; j += 16)
                SimdMath.Sigmoid(Vector512.LoadUnsafe(ref row, j) + Vector512.LoadUnsafe(ref biasRef, j)).StoreUnsafe(ref row, j);
            for (nuint j = 0; j < h1; j += 16)
            {
                nuint gi = gr + j, e = sr + j;
                var ig = Vector512.LoadUnsafe(ref gRef, gi);
                var fg = Vector512.LoadUnsafe(ref gRef, gi + h1);
                var gg = Vector512.LoadUnsafe(ref gRef, gi + h2);
                var og = Vector512.LoadUnsafe(ref gRef, gi + h3);
                var cv = SimdMath.FlushSubnormal(fg * Vector512.LoadUnsafe(ref cpRef, e) + ig * gg);
                var t = SimdMath.Tanh(cv);
                cv.StoreUnsafe(ref cRef, e);
                t.StoreUnsafe(ref tcRef, e);
                SimdMath.FlushSubnormal(og * t).StoreUnsafe(ref hRef, e);
            }
        }
    }

    /// <summary>
    /// Backward through the element-wise part of one step. On entry dh (B, H) is dL/dh_t from the
    /// next step (without dy) and dc (B, H) is dL/dc_t from the next step; dy (B, H) may be empty.
    /// Writes dGates (B, 4H), the gradients of the gate PRE-activations, and leaves dL/dc_{t−1} in dc.
    /// When <paramref name="dBiasGroups"/> is not empty, each row's dGates is also added to the bias-gradient
    /// accumulator of its group of <see cref="BiasGroupRows"/> rows (row <paramref name="firstRow"/> + b is in
    /// group (firstRow + b) / 8; the span starts at group firstRow / 8, (groups, 4H)): the row is still in L1, where
    /// a separate pass over all T·B rows afterwards would read the whole (T, B, 4H) buffer from memory again.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(int batch, int hidden, ReadOnlySpan<float> gates, ReadOnlySpan<float> tc,
        ReadOnlySpan<float> cPrev, ReadOnlySpan<float> dy, ReadOnlySpan<float> dh, Span<float> dc, Span<float> dGates,
        Span<float> dBiasGroups = default, int firstRow = 0)
    {
        int H = hidden, G = 4 * H;
        var hasDy = !dy.IsEmpty;
        ref var gRef = ref MemoryMarshal.GetReference(gates);
        ref var tcRef = ref MemoryMarshal.GetReference(tc);
        ref var cpRef = ref MemoryMarshal.GetReference(cPrev);
        ref var dyRef = ref MemoryMarshal.GetReference(dy);
        ref var dhRef = ref MemoryMarshal.GetReference(dh);
        ref var dcRef = ref MemoryMarshal.GetReference(dc);
        ref var dgRef = ref MemoryMarshal.GetReference(dGates);
        var one = Vector256<float>.One;
        var wantDb = !dBiasGroups.IsEmpty;
        for (var b = 0; b < batch; b++)
        {
            nuint gr = (nuint)(b * G), sr = (nuint)(b * H);
            // This row's bias-gradient accumulator (4H), added to while the row's dGates are still in registers.
            ref var dbRef = ref wantDb ? ref MemoryMarshal.GetReference(dBiasGroups.Slice(((firstRow + b) / BiasGroupRows - firstRow / BiasGroupRows) * G, G))
                : ref dgRef;
            var j = 0;
            for (; j <= H - 8; j += 8)
            {
                nuint e = sr + (nuint)j, gi = gr + (nuint)j;
                var ig = Vector256.LoadUnsafe(ref gRef, gi);
                var fg = Vector256.LoadUnsafe(ref gRef, gi + (nuint)H);
                var gg = Vector256.LoadUnsafe(ref gRef, gi + (nuint)(2 * H));
                var og = Vector256.LoadUnsafe(ref gRef, gi + (nuint)(3 * H));
                var t = Vector256.LoadUnsafe(ref tcRef, e);
                var dhv = Vector256.LoadUnsafe(ref dhRef, e);
                if (hasDy) dhv += Vector256.LoadUnsafe(ref dyRef, e);
                // States and gradients are stored without subnormals (SimdMath.FlushSubnormal).
                var dcv = SimdMath.FlushSubnormal(Vector256.LoadUnsafe(ref dcRef, e) + dhv * og * (one - t * t));
                var di = SimdMath.FlushSubnormal(dcv * gg * ig * (one - ig));
                var df = SimdMath.FlushSubnormal(dcv * Vector256.LoadUnsafe(ref cpRef, e) * fg * (one - fg));
                var dg = SimdMath.FlushSubnormal(dcv * ig * (one - gg * gg));
                var dout = SimdMath.FlushSubnormal(dhv * t * og * (one - og));
                di.StoreUnsafe(ref dgRef, gi);
                df.StoreUnsafe(ref dgRef, gi + (nuint)H);
                dg.StoreUnsafe(ref dgRef, gi + (nuint)(2 * H));
                dout.StoreUnsafe(ref dgRef, gi + (nuint)(3 * H));
                SimdMath.FlushSubnormal(dcv * fg).StoreUnsafe(ref dcRef, e);
                if (!wantDb) continue;
                nuint u = (nuint)j;
                (Vector256.LoadUnsafe(ref dbRef, u) + di).StoreUnsafe(ref dbRef, u);
                (Vector256.LoadUnsafe(ref dbRef, u + (nuint)H) + df).StoreUnsafe(ref dbRef, u + (nuint)H);
                (Vector256.LoadUnsafe(ref dbRef, u + (nuint)(2 * H)) + dg).StoreUnsafe(ref dbRef, u + (nuint)(2 * H));
                (Vector256.LoadUnsafe(ref dbRef, u + (nuint)(3 * H)) + dout).StoreUnsafe(ref dbRef, u + (nuint)(3 * H));
            }
            for (; j < H; j++)
            {
                nuint e = sr + (nuint)j, gi = gr + (nuint)j;
                float ig = Unsafe.Add(ref gRef, gi), fg = Unsafe.Add(ref gRef, gi + (nuint)H);
                float gg = Unsafe.Add(ref gRef, gi + (nuint)(2 * H)), og = Unsafe.Add(ref gRef, gi + (nuint)(3 * H));
                var t = Unsafe.Add(ref tcRef, e);
                var dhv = Unsafe.Add(ref dhRef, e) + (hasDy ? Unsafe.Add(ref dyRef, e) : 0f);
                var dcv = SimdMath.FlushSubnormal(Unsafe.Add(ref dcRef, e) + dhv * og * (1 - t * t));
                Unsafe.Add(ref dgRef, gi) = SimdMath.FlushSubnormal(dcv * gg * ig * (1 - ig));
                Unsafe.Add(ref dgRef, gi + (nuint)H) = SimdMath.FlushSubnormal(dcv * Unsafe.Add(ref cpRef, e) * fg * (1 - fg));
                Unsafe.Add(ref dgRef, gi + (nuint)(2 * H)) = SimdMath.FlushSubnormal(dcv * ig * (1 - gg * gg));
                Unsafe.Add(ref dgRef, gi + (nuint)(3 * H)) = SimdMath.FlushSubnormal(dhv * t * og * (1 - og));
                Unsafe.Add(ref dcRef, e) = SimdMath.FlushSubnormal(dcv * fg);
                if (!wantDb) continue;
                for (var q = 0; q < 4; q++) Unsafe.Add(ref dbRef, j + q * H) += Unsafe.Add(ref dgRef, gi + (nuint)(q * H));
            }
        }
    }

    /// <summary>Rows per bias-gradient accumulator: fixed, so the summation order (hence the result, bit for bit)
    /// does not depend on how many threads split the batch.</summary>
    public const int BiasGroupRows = 8;
}
