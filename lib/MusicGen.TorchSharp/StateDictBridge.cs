using TorchSharp;
using static TorchSharp.torch;
using Module = MusicGen.Nn.Module;

namespace MusicGen.TorchSharp;

/// <summary>
/// Moves state dicts between our engine (<see cref="Module.StateDict"/>, float32 tensors) and TorchSharp
/// (<c>state_dict()</c>): same names, same shapes, values copied. Strict: a name present on one side only or a
/// shape that differs is an <see cref="ArgumentException"/> naming it, checked before anything is copied.
/// BatchNorm's <c>num_batches_tracked</c> is float in our engine and int64 in TorchSharp; it is converted.
/// </summary>
public static class StateDictBridge
{
    /// <summary>Copies every entry of <paramref name="ours"/>'s state dict into <paramref name="torchModule"/>.</summary>
    public static void CopyFrom(Module ours, nn.Module torchModule)
    {
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(torchModule);
        var source = ours.StateDict();
        var target = torchModule.state_dict();
        Check(source.ToDictionary(kv => kv.Key, kv => kv.Value.Shape.Select(d => (long)d).ToArray()), target);
        using var _ = no_grad();
        foreach (var (name, t) in target)
        {
            using var value = tensor(source[name].ToArray(), t.shape, dtype: ScalarType.Float32);
            t.copy_(value.to(t.dtype).to(t.device));
        }
    }

    /// <summary>Copies every entry of <paramref name="torchModule"/>'s state dict into <paramref name="ours"/>.</summary>
    public static void CopyTo(nn.Module torchModule, Module ours)
    {
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(torchModule);
        var source = torchModule.state_dict();
        var target = ours.StateDict();
        Check(target.ToDictionary(kv => kv.Key, kv => kv.Value.Shape.Select(d => (long)d).ToArray()), source);
        var converted = new Dictionary<string, Nn.Tensor>(StringComparer.Ordinal);
        foreach (var (name, t) in source) converted[name] = Nn.Tensor.FromArray(ToFloats(t), target[name].Shape);
        ours.LoadStateDict(converted, strict: true);
    }

    /// <summary>A TorchSharp tensor's values as float32 on the CPU (any dtype, any device).</summary>
    public static float[] ToFloats(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        using var cpu = t.detach().to(ScalarType.Float32).cpu().contiguous();
        return cpu.data<float>().ToArray();
    }

    static void Check(Dictionary<string, long[]> ours, Dictionary<string, Tensor> theirs)
    {
        var missing = ours.Keys.Where(k => !theirs.ContainsKey(k)).ToList();
        var extra = theirs.Keys.Where(k => !ours.ContainsKey(k)).ToList();
        if (missing.Count > 0 || extra.Count > 0)
            throw new ArgumentException($"state dicts differ: only in our model [{string.Join(", ", missing)}], only in the TorchSharp module [{string.Join(", ", extra)}]");
        foreach (var (name, shape) in ours)
            if (!shape.SequenceEqual(theirs[name].shape))
                throw new ArgumentException($"state dict entry '{name}': our shape ({string.Join(", ", shape)}) differs from TorchSharp's ({string.Join(", ", theirs[name].shape)})");
    }
}
