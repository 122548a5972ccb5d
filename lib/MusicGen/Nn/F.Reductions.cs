using System.Numerics.Tensors;

namespace MusicGen.Nn;

public static partial class F
{
    /// <summary>Sum of all elements, shape () (PyTorch <c>torch.sum(x)</c>).</summary>
    public static Tensor Sum(Tensor x) => ReduceAll(x, mean: false);

    /// <summary>Mean of all elements, shape () (PyTorch <c>torch.mean(x)</c>).</summary>
    public static Tensor Mean(Tensor x) => ReduceAll(x, mean: true);

    static Tensor ReduceAll(Tensor x, bool mean)
    {
        bool rec = Tape.ShouldRecord(x);
        var tape = rec ? Tape.For(x) : null;
        var y = rec ? tape!.NewTensor(Array.Empty<int>()) : Tensor.Zeros();
        float s = TensorPrimitives.Sum<float>(x.Span);
        y.Span[0] = mean ? s / x._numel : s;
        if (rec) tape!.Record(new TapeEntry { Op = ReduceAllFn.Instance, Output = y, A = x, F0 = mean ? 1f / x._numel : 1f });
        return y;
    }

    sealed class ReduceAllFn : GradFn
    {
        public static readonly ReduceAllFn Instance = new();
        public override string Name => "SumBackward0";

        public override void Backward(ref TapeEntry e)
        {
            if (!e.A!.RequiresGrad) return;
            var dx = e.A.GradSpan();
            TensorPrimitives.Add(dx, e.Output.GradOrEmpty[0] * e.F0, dx);
        }
    }

    /// <summary>Sum over dimension <paramref name="dim"/> (PyTorch <c>torch.sum(x, dim, keepdim)</c>).</summary>
    public static Tensor Sum(Tensor x, int dim, bool keepDim = false) => ReduceDim(x, dim, keepDim, mean: false);

    /// <summary>Mean over dimension <paramref name="dim"/> (PyTorch <c>torch.mean(x, dim, keepdim)</c>).</summary>
    public static Tensor Mean(Tensor x, int dim, bool keepDim = false) => ReduceDim(x, dim, keepDim, mean: true);

    /// <summary>Splits a shape around <paramref name="dim"/>: (outer, size of dim, inner).</summary>
    internal static (int Outer, int N, int Inner) Around(int[] shape, int dim)
    {
        int outer = 1, inner = 1;
        for (int i = 0; i < dim; i++) outer *= shape[i];
        for (int i = dim + 1; i < shape.Length; i++) inner *= shape[i];
        return (outer, shape[dim], inner);
    }

    static Tensor ReduceDim(Tensor x, int dim, bool keepDim, bool mean)
    {
        int d = Tensor.NormDim(dim, x.Dim);
        var (outer, n, inner) = Around(x._shape, d);
        var shape = keepDim ? (int[])x._shape.Clone() : RemoveAt(x._shape, d);
        if (keepDim) shape[d] = 1;
        bool rec = Tape.ShouldRecord(x);
        var tape = rec ? Tape.For(x) : null;
        var y = rec ? tape!.NewTensor(shape) : Tensor.Zeros(shape);
        var xs = x.Span; var ys = y.Span;
        ys.Clear();
        float scale = mean ? 1f / n : 1f;
        for (int o = 0; o < outer; o++)
        {
            var yo = ys.Slice(o * inner, inner);
            for (int k = 0; k < n; k++) TensorPrimitives.Add(yo, xs.Slice((o * n + k) * inner, inner), yo);
            if (mean) TensorPrimitives.Multiply(yo, scale, yo);
        }
        if (rec) tape!.Record(new TapeEntry { Op = ReduceDimFn.Instance, Output = y, A = x, I0 = outer, I1 = n, I2 = inner, F0 = scale });
        return y;
    }

    internal static int[] RemoveAt(int[] shape, int d)
    {
        var s = new int[shape.Length - 1];
        for (int i = 0, j = 0; i < shape.Length; i++) if (i != d) s[j++] = shape[i];
        return s;
    }

    sealed class ReduceDimFn : GradFn
    {
        public static readonly ReduceDimFn Instance = new();
        public override string Name => "SumBackward1";

        public override void Backward(ref TapeEntry e)
        {
            if (!e.A!.RequiresGrad) return;
            var dx = e.A.GradSpan(); var g = e.Output.GradOrEmpty;
            int outer = e.I0, n = e.I1, inner = e.I2;
            for (int o = 0; o < outer; o++)
            {
                var go = g.Slice(o * inner, inner);
                for (int k = 0; k < n; k++)
                {
                    var dxk = dx.Slice((o * n + k) * inner, inner);
                    TensorPrimitives.MultiplyAdd(go, e.F0, dxk, dxk);
                }
            }
        }
    }

    // ----- softmax family over the last dimension -----

    /// <summary>Softmax over the last dimension (PyTorch <c>F.softmax(x, dim=-1)</c>; only the last dimension is supported).</summary>
    public static Tensor Softmax(Tensor x, int dim = -1) => SoftmaxCore(x, dim, log: false);

    /// <summary>log(softmax(x)) over the last dimension, computed stably (PyTorch <c>F.log_softmax(x, dim=-1)</c>).</summary>
    public static Tensor LogSoftmax(Tensor x, int dim = -1) => SoftmaxCore(x, dim, log: true);

    static Tensor SoftmaxCore(Tensor x, int dim, bool log)
    {
        if (x.Dim == 0 || Tensor.NormDim(dim, x.Dim) != x.Dim - 1)
            throw new ArgumentException($"softmax supports the last dimension only (dim=-1); got dim={dim} for shape {Tensor.ShapeString(x._shape)}. Transpose first.", nameof(dim));
        int c = x._shape[^1];
        bool rec = Tape.ShouldRecord(x);
        var tape = rec ? Tape.For(x) : null;
        var y = rec ? tape!.NewTensor(x._shape) : Tensor.Zeros(x._shape);
        var xs = x.Span; var ys = y.Span;
        for (int r = 0; r < xs.Length; r += c) SoftmaxRow(xs.Slice(r, c), ys.Slice(r, c), log);
        if (rec) tape!.Record(new TapeEntry { Op = SoftmaxFn.Instance, Output = y, A = x, I0 = c, Log = log });
        return y;
    }

    /// <summary>
    /// Softmax or log-softmax of one row, shifted by the row max so that exp never overflows (logits of a few
    /// hundred are common early in training); the pieces are TensorPrimitives calls.
    /// </summary>
    internal static void SoftmaxRow(ReadOnlySpan<float> x, Span<float> y, bool log)
    {
        float max = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, max, y);
        if (log)
        {
            // log softmax = x − (max + log Σ exp(x − max)): exp into y to get the sum, then overwrite y from x.
            TensorPrimitives.Exp(y, y);
            float sum = TensorPrimitives.Sum<float>(y);
            TensorPrimitives.Subtract(x, max + MathF.Log(sum), y);
        }
        else
        {
            TensorPrimitives.Exp(y, y);
            TensorPrimitives.Divide(y, TensorPrimitives.Sum<float>(y), y);
        }
    }

    sealed class SoftmaxFn : GradFn
    {
        public static readonly SoftmaxFn Instance = new();
        public override string Name => "SoftmaxBackward";

        public override void Backward(ref TapeEntry e)
        {
            if (!e.A!.RequiresGrad) return;
            int c = e.I0; bool log = e.Log;
            var dx = e.A.GradSpan(); var g = e.Output.GradOrEmpty; var y = e.Output.Span;
            for (int r = 0; r < g.Length; r += c)
            {
                var gr = g.Slice(r, c); var yr = y.Slice(r, c); var dr = dx.Slice(r, c);
                if (log)
                {
                    // d/dx log_softmax: g - softmax * sum(g)
                    float sg = TensorPrimitives.Sum<float>(gr);
                    for (int i = 0; i < c; i++) dr[i] += gr[i] - MathF.Exp(yr[i]) * sg;
                }
                else
                {
                    // d/dx softmax: y * (g - <g, y>)
                    float dot = TensorPrimitives.Dot(gr, yr);
                    for (int i = 0; i < c; i++) dr[i] += yr[i] * (gr[i] - dot);
                }
            }
        }
    }
}
