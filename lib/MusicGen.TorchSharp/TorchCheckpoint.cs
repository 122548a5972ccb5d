using MusicGen.Models;
using static TorchSharp.torch;

namespace MusicGen.TorchSharp;

/// <summary>
/// Checkpoints across engines. A TorchSharp module is saved as our preset checkpoint (safetensors, PyTorch names,
/// preset metadata: <see cref="PresetCheckpoint"/>), so <c>musicgen generate</c> and <see cref="PresetCheckpoint.Load"/>
/// read it; a preset checkpoint written by either engine loads into a TorchSharp module. TorchSharp's own format
/// (<c>module.save</c> / <c>module.load</c>) holds the same state dict under the same names.
/// </summary>
public static class TorchCheckpoint
{
    /// <summary>Writes <paramref name="module"/>'s weights as a preset checkpoint of <paramref name="module"/>'s preset.</summary>
    public static void Save(string path, TorchPresetModule module, float[,]? prompt = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        var model = ToModel(module);
        var meta = new Dictionary<string, string>(StringComparer.Ordinal) { ["engine"] = "torchsharp" };
        if (metadata is not null) foreach (var (k, v) in metadata) meta[k] = v;
        PresetCheckpoint.Save(module.Preset, path, model, optimizer: null, prompt, meta);
    }

    /// <summary>Our engine's model of <paramref name="module"/>'s preset holding a copy of its weights and buffers.</summary>
    public static SequenceModel ToModel(TorchPresetModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var model = module.Preset.CreateModel();
        StateDictBridge.CopyTo(module, model);
        model.Train(module.training);
        return model;
    }

    /// <summary>Loads a preset checkpoint (either engine's) into a new TorchSharp module on <paramref name="device"/>;
    /// also returns the preset, our model and the prompt (<see cref="TrainedPreset"/>).</summary>
    public static (TorchPresetModule Module, TrainedPreset Trained) Load(string path, Device? device = null)
    {
        var trained = PresetCheckpoint.Load(path);
        var module = TorchPresets.FromModel(trained.Preset, trained.Model, device);
        module.eval();
        return (module, trained);
    }
}
