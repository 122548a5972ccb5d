namespace MusicGen.Nn;

public sealed partial class Tensor
{
    internal Tape? _tape;          // the tape holding the operation that made this tensor (null for leaves)
    internal int _entry = -1;      // index of that operation on the tape
    internal bool _fromPool;       // buffer rented from the tape's pool (returned on recycle)
    internal float[]? _grad;       // gradient buffer, same length as the data
    Tensor? _gradView;
    bool _requiresGrad;

    /// <summary>
    /// Whether operations on this tensor are recorded for <see cref="Backward()"/> (PyTorch <c>requires_grad</c>).
    /// Only leaves (tensors made by you, such as parameters) may be switched; results inherit it from their inputs.
    /// </summary>
    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            if (_entry >= 0 && !value) throw new InvalidOperationException("RequiresGrad can only be changed on leaf tensors; use Detach() on a result.");
            _requiresGrad = value;
        }
    }

    /// <summary>True when no recorded operation produced this tensor (PyTorch <c>is_leaf</c>).</summary>
    public bool IsLeaf => _entry < 0;

    /// <summary>
    /// The gradient accumulated by <see cref="Backward()"/> (PyTorch <c>.grad</c>): null until a backward pass
    /// reaches this tensor. Gradients accumulate (+=) across backward passes until <c>ZeroGrad()</c>, exactly as in
    /// PyTorch; <c>ZeroGrad()</c> here zeroes the buffer in place (PyTorch 1.x's <c>set_to_none=False</c>).
    /// </summary>
    public Tensor? Grad
    {
        get
        {
            if (_grad is null) return null;
            if (_gradView is null || !ReferenceEquals(_gradView._data, _grad)) _gradView = new Tensor(_grad, _shape);
            return _gradView;
        }
    }

    /// <summary>Zeroes the gradient buffer in place if there is one.</summary>
    internal void ZeroGradInPlace()
    {
        if (_grad is not null) Array.Clear(_grad, 0, _numel);
    }

    /// <summary>The gradient buffer for accumulation, created zeroed on first use: persistent for leaves, pooled otherwise.</summary>
    internal Span<float> GradSpan()
    {
        if (_grad is null)
        {
            if (_tape is not null && _entry >= 0)
            {
                _grad = _tape.Rent(_numel);
                Array.Clear(_grad, 0, _numel);
            }
            else _grad = new float[_numel];
        }
        return _grad.AsSpan(0, _numel);
    }

    /// <summary>
    /// The gradient buffer for an op that can either overwrite it or add to it. When no gradient has reached this
    /// tensor yet (<paramref name="fresh"/> = true) the buffer's contents are undefined and the caller must write
    /// every element; this saves clearing and re-reading large activation gradients.
    /// </summary>
    internal Span<float> GradForWrite(out bool fresh)
    {
        fresh = _grad is null;
        if (fresh) _grad = _tape is not null && _entry >= 0 ? _tape.Rent(_numel) : new float[_numel];
        return _grad!.AsSpan(0, _numel);
    }

    /// <summary>Gradient of this tensor if a backward pass reached it, else an empty span.</summary>
    internal ReadOnlySpan<float> GradOrEmpty => _grad is null ? default : _grad.AsSpan(0, _numel);

    /// <summary>
    /// Computes the gradient of this one-element tensor with respect to every leaf that requires grad and
    /// accumulates it into their <see cref="Grad"/> (PyTorch <c>loss.backward()</c>). The graph is then freed,
    /// as with PyTorch's default <c>retain_graph=False</c>.
    /// </summary>
    public void Backward()
    {
        if (_numel != 1) throw new InvalidOperationException($"Backward() without a gradient needs a one-element tensor, this one has shape {ShapeString(_shape)}; pass the gradient explicitly.");
        Backward(null);
    }

    /// <summary>Backward pass seeded with <paramref name="gradient"/> (same shape as this tensor; null means ones).</summary>
    public void Backward(Tensor? gradient)
    {
        if (!_requiresGrad) throw new InvalidOperationException("this tensor does not require grad and has no grad_fn: no input of the computation had RequiresGrad = true (or it ran under Torch.NoGrad()).");
        if (gradient is not null && gradient._numel != _numel) throw new ArgumentException($"gradient has shape {ShapeString(gradient._shape)}, tensor has {ShapeString(_shape)}", nameof(gradient));
        var g = GradSpan();
        if (gradient is null) for (int i = 0; i < g.Length; i++) g[i] += 1f;
        else System.Numerics.Tensors.TensorPrimitives.Add(g, gradient.Span, g);
        var phase = Kernels.StepProfiler.Enter(Kernels.StepProfiler.Phase.BackwardOther);
        if (_tape is not null && _entry >= 0) _tape.RunBackward(_entry);
        Kernels.StepProfiler.Exit(phase);
    }
}
