using MusicGen.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace MusicGen.TorchSharp;

/// <summary>
/// A preset's network written in TorchSharp, with the parameter names of the preset's <see cref="SequenceModel"/>
/// (e.g. <c>lstm.weight_ih_l0</c>, <c>pitch.bias</c>), so state dicts move between the engines unchanged
/// (<see cref="StateDictBridge"/>), and the preset's training loss over a <see cref="WindowBatch"/>.
/// Forward maps windows (B, T, <see cref="Preset.InputSize"/>) to the preset's outputs.
/// </summary>
public abstract class TorchPresetModule : nn.Module<Tensor, Tensor>
{
    /// <summary>Builds the module for <paramref name="preset"/> (its current options, vocabulary size included).</summary>
    protected TorchPresetModule(Preset preset) : base(preset?.Id ?? throw new ArgumentNullException(nameof(preset)))
    {
        Preset = preset;
    }

    /// <summary>The preset whose network this is (options, input scaling).</summary>
    public Preset Preset { get; }

    /// <summary>The device of the parameters (CPU unless moved with <c>to(device)</c>).</summary>
    public Device Device => parameters().FirstOrDefault()?.device ?? CPU;

    /// <summary>Mean training loss of a batch, exactly as <see cref="Preset.Loss"/> computes it in our engine.</summary>
    public abstract Tensor Loss(WindowBatch batch);

    /// <summary>The scaled inputs of a batch, (B, Window, InputSize), on <see cref="Device"/> — the preset's
    /// <see cref="Preset.ScaleInput"/> row by row, as our engine's inputs.</summary>
    protected Tensor Inputs(WindowBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int n = Preset.InputSize;
        if (batch.Features != Preset.FeatureCount)
            throw new ArgumentException($"{Preset.Id}: batch rows have {batch.Features} columns, the preset expects {Preset.FeatureCount}", nameof(batch));
        var x = new float[batch.Batch * batch.Window * n];
        for (int b = 0; b < batch.Batch; b++)
            for (int t = 0; t < batch.Window; t++)
                Preset.ScaleInput(batch.Row(b, t), x.AsSpan((b * batch.Window + t) * n, n), generated: false);
        return tensor(x, [batch.Batch, batch.Window, n], device: Device);
    }

    /// <summary>Column <paramref name="column"/> of each example's target row as int64 class indices (B).</summary>
    protected Tensor TargetClasses(WindowBatch batch, int column = 0)
    {
        var y = new long[batch.Batch];
        for (int b = 0; b < batch.Batch; b++) y[b] = (long)batch.Row(b, batch.Window)[column];
        return tensor(y, device: Device);
    }

    /// <summary>Column <paramref name="column"/> of each example's target row times <paramref name="scale"/>: (B, 1).</summary>
    protected Tensor TargetColumn(WindowBatch batch, int column, float scale = 1f)
    {
        var y = new float[batch.Batch];
        for (int b = 0; b < batch.Batch; b++) y[b] = batch.Row(b, batch.Window)[column] * scale;
        return tensor(y, [batch.Batch, 1], device: Device);
    }

    /// <summary>
    /// Throws a managed exception for a wrong input shape before it reaches LibTorch: some native shape errors
    /// (matmul in TorchSharp 0.107.0) abort the whole process instead of throwing.
    /// </summary>
    protected void CheckInput(Tensor x, int minSteps = 1)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 3 || x.shape[2] != Preset.InputSize || x.shape[1] < minSteps || x.shape[0] < 1)
            throw new ArgumentException($"{Preset.Id}: input must be (B, T ≥ {minSteps}, {Preset.InputSize}), got ({string.Join(", ", x.shape)})", nameof(x));
        if (x.dtype != ScalarType.Float32)
            throw new ArgumentException($"{Preset.Id}: input must be float32, got {x.dtype}", nameof(x));
    }

    /// <summary>The positive-pressure MSE of the TensorFlow tutorial (SOURCES.md §3): mean((ŷ − y)²) + 10·mean(max(−ŷ, 0)).</summary>
    protected static Tensor PositivePressureMse(Tensor input, Tensor target) =>
        nn.functional.mse_loss(input, target) + 10f * nn.functional.relu(-input).mean();
}
