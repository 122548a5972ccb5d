using System.Numerics.Tensors;

namespace MusicGen.Nn;

public static partial class F
{
    /// <summary>
    /// Cross-entropy from logits (PyTorch <c>F.cross_entropy</c>): input (N, C), target N class indices.
    /// With <paramref name="weight"/> (C), element i counts weight[target[i]] and the mean divides by the sum of
    /// those weights, as PyTorch does. Targets equal to <paramref name="ignoreIndex"/> contribute nothing.
    /// </summary>
    public static Tensor CrossEntropy(Tensor input, ReadOnlySpan<int> target, Tensor? weight = null, int ignoreIndex = -100, Reduction reduction = Reduction.Mean)
    {
        if (input.Dim != 2) throw new ArgumentException($"cross_entropy: input must be (N, C) logits, got {Tensor.ShapeString(input._shape)}; reshape (N, T, C) to (N·T, C)", nameof(input));
        int n = input._shape[0], c = input._shape[1];
        if (target.Length != n) throw new ArgumentException($"cross_entropy: {target.Length} targets for {n} rows", nameof(target));
        if (weight is not null && weight._numel != c) throw new ArgumentException($"cross_entropy: weight has {weight._numel} elements, expected C={c}", nameof(weight));
        bool rec = Tape.ShouldRecord(input);
        var tape = rec ? Tape.For(input) : null;
        bool none = reduction == Reduction.None;
        var yShape = none ? new[] { n } : Array.Empty<int>();
        var y = rec ? tape!.NewTensor(yShape) : Tensor.Zeros(yShape);
        if (none) y.Span.Clear();
        // Saved: log-probabilities (N, C) and the targets (as floats, exact below 2^24).
        var logp = rec ? tape!.NewSaved(new[] { n, c }) : Tensor.Zeros(n, c);
        var tgt = rec ? tape!.NewSaved(new[] { n }) : Tensor.Zeros(n);
        var xs = input.Span; var lp = logp.Span; var ts = tgt.Span;
        ReadOnlySpan<float> ws = weight is null ? default : weight.Span;
        double loss = 0, wsum = 0;
        for (int i = 0; i < n; i++)
        {
            int t = target[i];
            ts[i] = t;
            SoftmaxRow(xs.Slice(i * c, c), lp.Slice(i * c, c), log: true);
            if (t == ignoreIndex) continue;
            if ((uint)t >= (uint)c) throw new ArgumentOutOfRangeException(nameof(target), $"cross_entropy: target {t} at row {i} is outside [0, {c})");
            float w = weight is null ? 1f : ws[t];
            loss -= w * lp[i * c + t];
            wsum += w;
            if (none) y.Span[i] = -w * lp[i * c + t];
        }
        float denom = reduction == Reduction.Mean ? (float)wsum : 1f;
        if (!none) y.Span[0] = (float)(loss / denom); // 0/0 = NaN when every target is ignored, as in PyTorch
        if (rec) tape!.Record(new TapeEntry { Op = CrossEntropyFn.Instance, Output = y, A = input, B = weight, Saved0 = logp, Saved1 = tgt, I0 = ignoreIndex, Reduction = reduction, Denominator = denom });
        return y;
    }

    /// <summary>Cross-entropy with targets held in a tensor of class indices (N) stored as floats.</summary>
    public static Tensor CrossEntropy(Tensor input, Tensor target, Tensor? weight = null, int ignoreIndex = -100, Reduction reduction = Reduction.Mean)
    {
        var ts = target.Span;
        int[]? rented = ts.Length > 256 ? System.Buffers.ArrayPool<int>.Shared.Rent(ts.Length) : null;
        Span<int> idx = rented is null ? stackalloc int[ts.Length] : rented.AsSpan(0, ts.Length);
        for (int i = 0; i < ts.Length; i++) idx[i] = (int)ts[i];
        try { return CrossEntropy(input, idx, weight, ignoreIndex, reduction); }
        finally { if (rented is not null) System.Buffers.ArrayPool<int>.Shared.Return(rented); }
    }

    sealed class CrossEntropyFn : GradFn
    {
        public static readonly CrossEntropyFn Instance = new();
        public override string Name => "NllLossBackward0";

        public override void Backward(ref TapeEntry e)
        {
            var x = e.A!;
            if (!x.RequiresGrad) return;
            int n = x._shape[0], c = x._shape[1];
            var dx = x.GradSpan(); var lp = e.Saved0!.Span; var ts = e.Saved1!.Span;
            ReadOnlySpan<float> ws = e.B is null ? default : e.B.Span;
            var g = e.Output.GradOrEmpty;
            bool none = e.Reduction == Reduction.None;
            var tape = e.Output._tape!;
            var probs = tape.Pool.Rent(c); // softmax of one row
            for (int i = 0; i < n; i++)
            {
                int t = (int)ts[i];
                if (t == e.I0) continue;
                float scale = none ? g[i] : g[0] / e.Denominator;
                float w = (e.B is null ? 1f : ws[t]) * scale;
                // d(−log softmax_t)/dx = softmax − onehot(t)
                var row = dx.Slice(i * c, c);
                var p = probs.AsSpan(0, c);
                TensorPrimitives.Exp(lp.Slice(i * c, c), p);
                TensorPrimitives.MultiplyAdd(p, w, row, row);
                row[t] -= w;
            }
            tape.Pool.Return(probs);
        }
    }

    /// <summary>
    /// Binary cross-entropy on logits (PyTorch <c>F.binary_cross_entropy_with_logits</c>), computed in the stable
    /// form max(x,0) − x·y + log(1+e^−|x|). input and target have the same shape; <paramref name="weight"/>
    /// rescales each element (broadcast over trailing dimensions) and <paramref name="posWeight"/> (last dimension)
    /// weighs the positive term.
    /// </summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor? weight = null, Tensor? posWeight = null, Reduction reduction = Reduction.Mean)
    {
        if (!input._shape.AsSpan().SequenceEqual(target._shape))
            throw new ArgumentException($"binary_cross_entropy_with_logits: input {Tensor.ShapeString(input._shape)} and target {Tensor.ShapeString(target._shape)} differ", nameof(target));
        if (weight is not null && !IsSuffix(weight, input)) throw new ArgumentException($"weight {Tensor.ShapeString(weight._shape)} does not broadcast to {Tensor.ShapeString(input._shape)}", nameof(weight));
        int last = input.Dim == 0 ? 1 : input._shape[^1];
        if (posWeight is not null && posWeight._numel != last && posWeight._numel != 1) throw new ArgumentException($"pos_weight must have {last} elements (the last dimension)", nameof(posWeight));
        var y = ElementwiseLossOutput(input, target, reduction, out var tape);
        bool rec = tape is not null, none = reduction == Reduction.None;
        var xs = input.Span; var ts = target.Span;
        double sum = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            float x = xs[i], t = ts[i];
            float pw = posWeight is null ? 1f : posWeight.Span[posWeight._numel == 1 ? 0 : i % last];
            float w = weight is null ? 1f : weight.Span[weight._numel == 1 ? 0 : i % weight._numel];
            // (1 − t)·x + (1 + (pw − 1)·t)·softplus(−x), softplus(−x) = log(1 + e^−|x|) + max(−x, 0)
            float sp = MathF.Log(1f + MathF.Exp(-MathF.Abs(x))) + MathF.Max(-x, 0f);
            float li = w * ((1f - t) * x + (1f + (pw - 1f) * t) * sp);
            sum += li;
            if (none) y.Span[i] = li;
        }
        float denom = reduction == Reduction.Mean ? xs.Length : 1f;
        if (!none) y.Span[0] = (float)(sum / denom);
        if (rec) tape!.Record(new TapeEntry { Op = BceFn.Instance, Output = y, A = input, B = target, C = weight, D = posWeight, Denominator = denom, I0 = last, Reduction = reduction });
        return y;
    }

    sealed class BceFn : GradFn
    {
        public static readonly BceFn Instance = new();
        public override string Name => "BinaryCrossEntropyWithLogitsBackward0";

        public override void Backward(ref TapeEntry e)
        {
            var weight = e.C; var posWeight = e.D;
            int last = e.I0;
            var xs = e.A!.Span; var ts = e.B!.Span;
            var grad = new ElementwiseLossGrad(in e);
            Span<float> dx = grad.Dx, dt = grad.Dt;
            for (int i = 0; i < xs.Length; i++)
            {
                float x = xs[i], t = ts[i];
                float pw = posWeight is null ? 1f : posWeight.Span[posWeight._numel == 1 ? 0 : i % last];
                float scale = grad.Scale(i);
                float w = (weight is null ? 1f : weight.Span[weight._numel == 1 ? 0 : i % weight._numel]) * scale;
                float sig = 1f / (1f + MathF.Exp(-x));
                float spNeg = MathF.Log(1f + MathF.Exp(-MathF.Abs(x))) + MathF.Max(-x, 0f);
                // d/dx = (1 − t) − (1 + (pw − 1)t)·σ(−x);  d/dt = −x + (pw − 1)·softplus(−x)
                if (!dx.IsEmpty) dx[i] += w * ((1f - t) - (1f + (pw - 1f) * t) * (1f - sig));
                if (!dt.IsEmpty) dt[i] += w * (-x + (pw - 1f) * spNeg);
            }
        }
    }

    /// <summary>Mean squared error (PyTorch <c>F.mse_loss</c>): mean((input − target)²); same shapes.</summary>
    public static Tensor MseLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) => Mse(input, target, 0f, reduction);

    /// <summary>
    /// The "positive pressure" MSE of the TensorFlow RNN music tutorial (SOURCES.md §3.3, Zhang 2023):
    /// mean((target − input)²) + 10·mean(max(−input, 0)), which pushes predicted step and duration above zero.
    /// </summary>
    public static Tensor PositivePressureMse(Tensor input, Tensor target) => Mse(input, target, 10f, Reduction.Mean);

    static Tensor Mse(Tensor input, Tensor target, float pressure, Reduction reduction)
    {
        if (!input._shape.AsSpan().SequenceEqual(target._shape))
            throw new ArgumentException($"mse_loss: input {Tensor.ShapeString(input._shape)} and target {Tensor.ShapeString(target._shape)} differ (broadcasting is not applied)", nameof(target));
        var y = ElementwiseLossOutput(input, target, reduction, out var tape);
        bool rec = tape is not null, none = reduction == Reduction.None;
        var xs = input.Span; var ts = target.Span;
        double sq = 0, neg = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            float d = xs[i] - ts[i];
            sq += d * d;
            if (xs[i] < 0f) neg -= xs[i];
            if (none) y.Span[i] = d * d + (xs[i] < 0f ? -pressure * xs[i] : 0f);
        }
        float denom = reduction == Reduction.Mean ? xs.Length : 1f;
        if (!none) y.Span[0] = (float)((sq + pressure * neg) / denom);
        if (rec) tape!.Record(new TapeEntry { Op = MseFn.Instance, Output = y, A = input, B = target, Denominator = denom, F1 = pressure, Reduction = reduction });
        return y;
    }

    /// <summary>The output of an element-wise loss (BCE, MSE, MSE⁺): input's shape for <see cref="Reduction.None"/>, else a
    /// scalar; on the tape (<paramref name="tape"/> non-null) when either side records.</summary>
    static Tensor ElementwiseLossOutput(Tensor input, Tensor target, Reduction reduction, out Tape? tape)
    {
        tape = Tape.ShouldRecord(input, target) ? Tape.For(input, target) : null;
        var yShape = reduction == Reduction.None ? (int[])input._shape.Clone() : Array.Empty<int>();
        return tape is not null ? tape.NewTensor(yShape) : Tensor.Zeros(yShape);
    }

    sealed class MseFn : GradFn
    {
        public static readonly MseFn Instance = new();
        public override string Name => "MseLossBackward0";

        public override void Backward(ref TapeEntry e)
        {
            float pressure = e.F1;
            var xs = e.A!.Span; var ts = e.B!.Span;
            var grad = new ElementwiseLossGrad(in e);
            Span<float> dx = grad.Dx, dt = grad.Dt;
            for (int i = 0; i < xs.Length; i++)
            {
                float scale = grad.Scale(i);
                float d = 2f * (xs[i] - ts[i]) * scale;
                if (!dx.IsEmpty) dx[i] += d - (xs[i] < 0f ? pressure * scale : 0f); // relu'(−x) is 0 at x = 0, as torch
                if (!dt.IsEmpty) dt[i] -= d;
            }
        }
    }
}
