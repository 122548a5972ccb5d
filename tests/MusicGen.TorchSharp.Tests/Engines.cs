using MusicGen.Data;
using MusicGen.Models;
using MusicGen.Nn;
using static TorchSharp.torch;

namespace MusicGen.TorchSharp.Tests;

/// <summary>Shared set-up: a tiny preset encoded from the sample songs, a batch of its windows, and comparisons.</summary>
internal static class Engines
{
    public static readonly IReadOnlyList<string> PresetIds = Models.Presets.Ids;

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var id in PresetIds) data.Add(id);
        return data;
    }

    /// <summary>Tiny options, dropout 0 (the two engines draw different dropout masks), a window task on the sample songs.</summary>
    public static (Preset Preset, WindowTask Task) Tiny(string id, float dropout = 0f)
    {
        var preset = Models.Presets.Get(id).UseTiny();
        preset.Options.Dropout = dropout;
        var corpus = preset.Encode(SampleSongs.All().Select(s => s.Song).ToList());
        return (preset, new WindowTask(preset, corpus));
    }

    /// <summary>The first <paramref name="size"/> training windows (fewer when the task has fewer).</summary>
    public static WindowBatch Batch(WindowTask task, int size = 8) =>
        task.TrainBatch(Enumerable.Range(0, Math.Min(size, task.TrainCount)).ToArray());

    /// <summary>
    /// The largest violation of |ours − theirs| ≤ atol + rtol·|theirs| over the elements, as the ratio
    /// |ours − theirs| / (atol + rtol·|theirs|): ≤ 1 passes (numpy.allclose's rule).
    /// </summary>
    public static double Violation(ReadOnlySpan<float> ours, ReadOnlySpan<float> theirs, double rtol = 1e-5, double atol = 1e-5)
    {
        Assert.Equal(theirs.Length, ours.Length);
        double worst = 0;
        for (int i = 0; i < ours.Length; i++)
        {
            Assert.True(float.IsFinite(ours[i]) && float.IsFinite(theirs[i]), $"element {i}: {ours[i]} vs {theirs[i]}");
            worst = Math.Max(worst, Math.Abs(ours[i] - theirs[i]) / (atol + rtol * Math.Abs(theirs[i])));
        }
        return worst;
    }

    public static Dictionary<string, float[]> Grads(nn.Module module) =>
        module.named_parameters().ToDictionary(p => p.name, p => StateDictBridge.ToFloats(p.parameter.grad ?? throw new InvalidOperationException($"{p.name}: no gradient")));

    public static Dictionary<string, float[]> Grads(Nn.Module model) =>
        model.NamedParameters().ToDictionary(p => p.Name, p => (p.Parameter.Grad ?? throw new InvalidOperationException($"{p.Name}: no gradient")).ToArray());
}
