using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Optimizer = MusicGen.Nn.Optim.Optimizer;

namespace MusicGen.TorchSharp;

/// <summary>
/// The TorchSharp optimizer with the same algorithm and hyperparameters as one of ours (PyTorch's definitions
/// on both sides): <see cref="Nn.Optim.Adam"/> → <c>optim.Adam</c>, <see cref="Nn.Optim.RMSprop"/> → <c>optim.RMSProp</c>.
/// </summary>
public static class TorchOptimizers
{
    /// <summary>An optimizer over <paramref name="module"/>'s parameters configured like <paramref name="ours"/> (its current rate).</summary>
    /// <exception cref="NotSupportedException">An optimizer type without a mapping.</exception>
    public static optim.Optimizer Like(Optimizer ours, nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(module);
        var ps = module.parameters();
        return ours switch
        {
            Nn.Optim.Adam a => optim.Adam(ps, lr: a.Lr, beta1: a.Beta1, beta2: a.Beta2, eps: a.Eps, weight_decay: a.WeightDecay, amsgrad: a.Amsgrad),
            Nn.Optim.RMSprop r => optim.RMSProp(ps, lr: r.Lr, alpha: r.Alpha, eps: r.Eps, weight_decay: r.WeightDecay, momentum: r.Momentum, centered: r.Centered),
            _ => throw new NotSupportedException($"optimizer {ours.GetType().Name} has no TorchSharp mapping (Adam and RMSprop do)"),
        };
    }
}
