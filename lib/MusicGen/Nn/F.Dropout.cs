using System.Numerics.Tensors;

namespace MusicGen.Nn;

public static partial class F
{
    /// <summary>
    /// Dropout (Srivastava et al. 2014; PyTorch <c>F.dropout</c>): while <paramref name="training"/>, zeroes each
    /// element with probability <paramref name="p"/> and scales the rest by 1/(1 − p), so evaluation needs no change.
    /// Not training (or p = 0) returns <paramref name="input"/> itself. The mask comes from <paramref name="generator"/>
    /// or <see cref="Torch.DefaultGenerator"/>.
    /// </summary>
    public static Tensor Dropout(Tensor input, float p = 0.5f, bool training = true, Generator? generator = null)
    {
        if (p < 0f || p > 1f) throw new ArgumentOutOfRangeException(nameof(p), $"dropout probability has to be between 0 and 1, but got {p}");
        if (!training || p == 0f) return input;
        var gen = generator ?? Torch.DefaultGenerator;
        bool rec = Tape.ShouldRecord(input);
        var tape = rec ? Tape.For(input) : null;
        var y = rec ? tape!.NewTensor(input._shape) : Tensor.Zeros(input._shape);
        var mask = rec ? tape!.NewSaved(input._shape) : Tensor.Zeros(input._shape);
        var ms = mask.Span;
        float keep = p == 1f ? 0f : 1f / (1f - p);
        var phase = Kernels.StepProfiler.EnterFromOther(Kernels.StepProfiler.Phase.Dropout);
        gen.FillDropoutMask(ms, p, keep, input.Span, y.Span); // y = input·mask in the same pass
        Kernels.StepProfiler.Exit(phase);
        if (rec) tape!.Record(new TapeEntry { Op = DropoutFn.Instance, Output = y, A = input, Saved0 = mask });
        return y;
    }

    sealed class DropoutFn : GradFn
    {
        public static readonly DropoutFn Instance = new();
        public override string Name => "MulBackward0";

        public override void Backward(ref TapeEntry e)
        {
            if (!e.A!.RequiresGrad) return;
            var dx = e.A.GradForWrite(out bool fresh);
            if (fresh) TensorPrimitives.Multiply(e.Output.GradOrEmpty, e.Saved0!.Span, dx);
            else TensorPrimitives.MultiplyAdd(e.Output.GradOrEmpty, e.Saved0!.Span, dx, dx);
        }
    }

    /// <summary>
    /// Looks up rows of <paramref name="weight"/> (V, D) for every index in <paramref name="input"/> (any shape,
    /// indices stored as floats) → (*input.shape, D) (PyTorch <c>F.embedding</c>). The backward pass adds into the
    /// looked-up rows only.
    /// </summary>
    public static Tensor Embedding(Tensor input, Tensor weight)
    {
        if (weight.Dim != 2) throw new ArgumentException($"embedding: weight must be (num_embeddings, embedding_dim), got {Tensor.ShapeString(weight._shape)}", nameof(weight));
        int v = weight._shape[0], d = weight._shape[1];
        var shape = new int[input.Dim + 1];
        input._shape.CopyTo(shape, 0);
        shape[^1] = d;
        bool rec = Tape.ShouldRecord(weight);
        var tape = rec ? Tape.For(weight, input) : null;
        var y = rec ? tape!.NewTensor(shape) : Tensor.Zeros(shape);
        var idx = input.Span; var ws = weight.Span; var ys = y.Span;
        for (int i = 0; i < idx.Length; i++)
        {
            int k = (int)idx[i];
            if (k != idx[i] || (uint)k >= (uint)v) throw new ArgumentOutOfRangeException(nameof(input), $"embedding: index {idx[i]} at position {i} is not an integer in [0, {v})");
            ws.Slice(k * d, d).CopyTo(ys.Slice(i * d, d));
        }
        if (rec) tape!.Record(new TapeEntry { Op = EmbeddingFn.Instance, Output = y, A = input, B = weight, I0 = d });
        return y;
    }

    sealed class EmbeddingFn : GradFn
    {
        public static readonly EmbeddingFn Instance = new();
        public override string Name => "EmbeddingBackward0";

        public override void Backward(ref TapeEntry e)
        {
            var w = e.B!;
            if (!w.RequiresGrad) return;
            int d = e.I0;
            var dw = w.GradSpan(); var g = e.Output.GradOrEmpty; var idx = e.A!.Span;
            for (int i = 0; i < idx.Length; i++)
            {
                var row = dw.Slice((int)idx[i] * d, d);
                TensorPrimitives.Add(row, g.Slice(i * d, d), row);
            }
        }
    }
}
