namespace MusicGen.Nn.Optim;

/// <summary>
/// Base of the optimizers (PyTorch <c>torch.optim.Optimizer</c>) with a single parameter group: holds the parameters
/// and the learning rate that schedulers change. The training step is <c>ZeroGrad()</c> → <c>loss.Backward()</c> →
/// <c>Step()</c>. Steps work on the parameter and gradient buffers in place and allocate nothing after the first.
/// </summary>
public abstract class Optimizer
{
    /// <summary>The parameters, in the order given (state is kept per position).</summary>
    protected readonly Tensor[] Params;

    /// <summary>Learning rate used by the next <see cref="Step"/> (PyTorch <c>param_groups[0]["lr"]</c>).</summary>
    public double Lr { get; set; }

    /// <summary>The learning rate given to the constructor (schedulers start from it, PyTorch <c>initial_lr</c>).</summary>
    public double InitialLr { get; }

    /// <summary>Number of <see cref="Step"/> calls so far.</summary>
    public long StepCount { get; protected set; }

    protected Optimizer(IEnumerable<Tensor> parameters, double lr)
    {
        if (lr < 0) throw new ArgumentOutOfRangeException(nameof(lr), $"Invalid learning rate: {lr}");
        Params = parameters.Distinct(ReferenceEqualityComparer.Instance).Cast<Tensor>().ToArray();
        if (Params.Length == 0) throw new ArgumentException("optimizer got an empty parameter list", nameof(parameters));
        Lr = InitialLr = lr;
    }

    /// <summary>The parameters this optimizer updates.</summary>
    public IReadOnlyList<Tensor> Parameters => Params;

    /// <summary>Zeroes every parameter's gradient in place (PyTorch <c>zero_grad(set_to_none=False)</c>).</summary>
    public void ZeroGrad()
    {
        var phase = Kernels.StepProfiler.Enter(Kernels.StepProfiler.Phase.ZeroGrad);
        foreach (var p in Params) p.ZeroGradInPlace();
        Kernels.StepProfiler.Exit(phase);
    }

    /// <summary>Performs a single optimization step; parameters without a gradient are skipped.</summary>
    public void Step()
    {
        StepCount++;
        var phase = Kernels.StepProfiler.Enter(Kernels.StepProfiler.Phase.Optimizer);
        for (int i = 0; i < Params.Length; i++)
        {
            var p = Params[i];
            if (p._grad is null) continue;
            Update(i, p.Span, p._grad.AsSpan(0, p.NumEl));
        }
        Kernels.StepProfiler.Exit(phase);
    }

    /// <summary>Updates parameter <paramref name="index"/> in place from its gradient.</summary>
    protected abstract void Update(int index, Span<float> param, ReadOnlySpan<float> grad);

    /// <summary>Per-parameter state buffers by PyTorch's state key ("exp_avg", "square_avg", "momentum_buffer", …).</summary>
    protected abstract IEnumerable<(string Name, float[]?[] Buffers)> StateBuffers();

    /// <summary>Per-parameter step counts when the algorithm keeps them (Adam's bias correction), else null.</summary>
    protected virtual long[]? PerParameterSteps => null;

    /// <summary>
    /// The optimizer's state as flat tensors for a checkpoint (PyTorch <c>optimizer.state_dict()</c> flattened):
    /// "state.{i}.{key}" for parameter i (e.g. "state.0.exp_avg"), "state.{i}.step", plus "lr" and "step_count".
    /// Buffers not created yet are omitted. The tensors are copies.
    /// </summary>
    public Dictionary<string, Tensor> StateDict()
    {
        var d = new Dictionary<string, Tensor>();
        var steps = PerParameterSteps;
        for (int i = 0; i < Params.Length; i++)
        {
            if (steps is not null && steps[i] > 0) d[$"state.{i}.step"] = Tensor.Scalar(steps[i]);
            foreach (var (name, bufs) in StateBuffers())
                if (bufs[i] is { } b) d[$"state.{i}.{name}"] = new Tensor((float[])b.Clone(), Params[i].Shape);
        }
        d["lr"] = Tensor.Scalar((float)Lr);
        d["step_count"] = Tensor.Scalar(StepCount);
        return d;
    }

    /// <summary>Restores state saved by <see cref="StateDict"/> for the same parameters in the same order.</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        var steps = PerParameterSteps;
        for (int i = 0; i < Params.Length; i++)
        {
            if (steps is not null) steps[i] = state.TryGetValue($"state.{i}.step", out var st) ? (long)st.Item() : 0;
            foreach (var (name, bufs) in StateBuffers())
            {
                if (!state.TryGetValue($"state.{i}.{name}", out var t)) { bufs[i] = null; continue; }
                if (t.NumEl != Params[i].NumEl)
                    throw new ArgumentException($"optimizer state state.{i}.{name} has {t.NumEl} elements, parameter {i} has {Params[i].NumEl}: the checkpoint belongs to a different model", nameof(state));
                bufs[i] = t.ToArray();
            }
        }
        if (state.TryGetValue("lr", out var lr)) Lr = lr.Item();
        if (state.TryGetValue("step_count", out var sc)) StepCount = (long)sc.Item();
    }

    /// <summary>A zeroed state buffer per parameter, created on first use.</summary>
    protected static float[] State(float[]?[] states, int index, int length) => states[index] ??= new float[length];
}
