using MusicGen.Models;
using MusicGen.Nn;
using static TorchSharp.torch;

namespace MusicGen.TorchSharp.Tests;

/// <summary>Checkpoints move both ways for every preset: our safetensors → TorchSharp → (TorchSharp's own format) →
/// our safetensors, bit for bit; and mismatches are clear errors, not native crashes.</summary>
public sealed class CheckpointTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("musicgen-torchsharp-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void RoundTripBothWays(string id)
    {
        var (preset, task) = Engines.Tiny(id);
        var ours = preset.CreateModel();
        // Train one step in our engine so no tensor is at its initial value (BatchNorm statistics included).
        var opt = preset.CreateOptimizer(ours);
        preset.Loss(ours, Engines.Batch(task)).Backward();
        opt.Step();
        var ourPath = Path.Combine(_dir, id + ".safetensors");
        preset.Save(ourPath, ours, prompt: preset.Prompt(task.Corpus));

        // ours → TorchSharp
        var (module, trained) = TorchCheckpoint.Load(ourPath);
        Assert.Equal(id, trained.Preset.Id);
        var expected = ours.StateDict();
        foreach (var (name, t) in module.state_dict()) Assert.Equal(expected[name].ToArray(), StateDictBridge.ToFloats(t));

        // TorchSharp's own format and back
        var tsPath = Path.Combine(_dir, id + ".dat");
        module.save(tsPath);
        var reloaded = TorchPresets.Create(trained.Preset);
        reloaded.load(tsPath);

        // TorchSharp → ours
        var backPath = Path.Combine(_dir, id + ".back.safetensors");
        TorchCheckpoint.Save(backPath, reloaded, trained.Prompt);
        var back = PresetCheckpoint.Load(backPath);
        Assert.Equal("torchsharp", back.Metadata["engine"]);
        var actual = back.Model.StateDict();
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, t) in expected) Assert.Equal(t.ToArray(), actual[name].ToArray());
        Assert.Equal(preset.Options.ToJson(), back.Preset.Options.ToJson());
    }

    [Fact]
    public void DifferentSizesAreAClearError()
    {
        var (preset, _) = Engines.Tiny("pitch-step-duration");
        var ours = preset.CreateModel();
        var other = Models.Presets.Get("pitch-step-duration").UseTiny();
        other.Options.HiddenSize = preset.Options.HiddenSize + 1;
        var module = TorchPresets.Create(other);
        var e = Assert.Throws<ArgumentException>(() => StateDictBridge.CopyFrom(ours, module));
        Assert.Contains("lstm.weight_ih_l0", e.Message);
        Assert.Throws<ArgumentException>(() => StateDictBridge.CopyTo(module, ours));
    }

    [Fact]
    public void WrongInputShapeThrowsBeforeLibTorch()
    {
        var (preset, _) = Engines.Tiny("chord-stacked-lstm");
        var module = TorchPresets.Create(preset);
        // (B, T, 2) would reach a native matmul with mismatched sizes, which aborts the process in TorchSharp 0.107.0.
        var e = Assert.Throws<ArgumentException>(() => module.forward(zeros(2, 5, 2)));
        Assert.Contains("(B, T ≥ 1, 1)", e.Message);
        Assert.Throws<ArgumentException>(() => TorchPresets.Create(Models.Presets.Get("chord-conv-lstm").UseTiny()).forward(zeros(1, 5, 1)));
    }
}
