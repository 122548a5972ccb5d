using System.Globalization;
using MusicGen.Models;

namespace MusicGen.Cli;

/// <summary>
/// The allowed range of every <see cref="PresetOptions"/> field, checked before a model is built or a
/// checkpoint's weights are read: a bad value (<c>--set Dropout=1.5</c>, <c>Window=0</c> in a checkpoint,
/// <c>HiddenSize=20000</c>) is one line naming the option and its range, never an
/// <see cref="OutOfMemoryException"/> or a confusing error deep in training or generation.
/// </summary>
internal static class PresetOptionsCheck
{
    /// <summary>Largest layer width accepted (the presets use at most 512).</summary>
    public const int MaxWidth = 16_384;

    /// <summary>The first problem of <paramref name="o"/> as "NAME=VALUE: must be …", or null.</summary>
    public static string? Problem(PresetOptions o)
    {
        static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        if (o.HiddenSize is < 1 or > MaxWidth) return $"HiddenSize={o.HiddenSize}: must be an integer from 1 to {MaxWidth}";
        if (o.HiddenSize2 is < 1 or > MaxWidth) return $"HiddenSize2={o.HiddenSize2}: must be an integer from 1 to {MaxWidth}";
        if (o.DenseSize is < 1 or > MaxWidth) return $"DenseSize={o.DenseSize}: must be an integer from 1 to {MaxWidth}";
        if (o.Window is < 1 or > 100_000) return $"Window={o.Window}: must be an integer from 1 to 100000";
        if (o.VocabularySize is < 0 or > 1_000_000) return $"VocabularySize={o.VocabularySize}: must be an integer from 0 to 1000000";
        if (!(o.Dropout >= 0f && o.Dropout < 1f)) return $"Dropout={F(o.Dropout)}: must be a probability in [0, 1)";
        if (!(o.LearningRate > 0 && o.LearningRate <= 10)) return $"LearningRate={F(o.LearningRate)}: must be a number in (0, 10]";
        if (o.BatchSize is < 1 or > 65_536) return $"BatchSize={o.BatchSize}: must be an integer from 1 to 65536";
        if (o.Epochs is < 1 or > 100_000) return $"Epochs={o.Epochs}: must be an integer from 1 to 100000";
        if (!(o.Temperature >= 0f && o.Temperature <= 100f)) return $"Temperature={F(o.Temperature)}: must be a number in [0, 100] (0 = greedy)";
        if (o.TopK is < 0 or > 1_000_000) return $"TopK={o.TopK}: must be an integer from 0 to 1000000 (0 = off)";
        if (!(o.TopP > 0f && o.TopP <= 1f)) return $"TopP={F(o.TopP)}: must be a number in (0, 1] (1 = off)";
        if (!(o.ValidFraction >= 0 && o.ValidFraction < 1)) return $"ValidFraction={F(o.ValidFraction)}: must be a fraction in [0, 1)";
        if (!Enum.IsDefined(o.Quirk)) return $"Quirk={(int)o.Quirk}: must be Faithful or Fixed";
        return null;
    }

    /// <summary>Bytes to train a model of <paramref name="parameters"/> float32 parameters: weights,
    /// gradients and Adam's two moments (activations come on top).</summary>
    public static double TrainingBytes(long parameters) => parameters * 4.0 * 4;

    /// <summary>Half of what the GC may use on this machine: more than that for the parameters alone will not train.</summary>
    public static double MemoryBudget() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2.0;

    /// <summary>Null when a model of <paramref name="preset"/>'s size fits <see cref="MemoryBudget"/>, else the problem.</summary>
    public static string? SizeProblem(Preset preset)
    {
        long n;
        try
        {
            n = preset.ParameterCount();
        }
        catch (OverflowException)
        {
            n = long.MaxValue;
        }
        double bytes = TrainingBytes(n), budget = MemoryBudget();
        return bytes <= budget ? null : string.Create(CultureInfo.InvariantCulture,
            $"the model would have {n:N0} parameters ({bytes / 1e9:0.#} GB to train), more than half of this machine's memory ({budget * 2 / 1e9:0.#} GB); lower HiddenSize/DenseSize");
    }
}
