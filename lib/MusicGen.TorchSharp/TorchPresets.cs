using MusicGen.Models;
using MusicGen.TorchSharp.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace MusicGen.TorchSharp;

/// <summary>
/// The TorchSharp version of every preset's network. <see cref="Create(Preset, Device?)"/> gives a module with the
/// preset's parameter names; <see cref="FromModel"/> starts it from our model's weights, which is how a TorchSharp
/// run begins from exactly the initialisation (seed, data-dependent biases) of our engine.
/// </summary>
public static class TorchPresets
{
    /// <summary>The preset ids with a TorchSharp network (every preset of <see cref="Models.Presets.Ids"/>).</summary>
    public static IReadOnlyList<string> Ids { get; } =
    [
        "chord-bilstm", "chord-conv-lstm", "chord-lstm", "chord-stacked-lstm", "melody-lstm", "melody-resnet-lstm",
        "notes-and-chords", "pianoroll-lstm", "pitch-regression", "pitch-step-duration",
    ];

    /// <summary>A TorchSharp module for <paramref name="preset"/> at its current options (TorchSharp's own random
    /// initialisation), on <paramref name="device"/> (CPU when null).</summary>
    /// <exception cref="NotSupportedException">The preset has no TorchSharp network.</exception>
    public static TorchPresetModule Create(Preset preset, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(preset);
        TorchSharpRuntime.EnsureLoaded();
        if (preset.Options.VocabularySize < 1 && preset is ChordSetPreset or NotesAndChordsPreset)
            throw new InvalidOperationException($"{preset.Id}: vocabulary size unknown; Encode the songs first");
        TorchPresetModule module = preset.Id switch
        {
            "pitch-step-duration" => new PitchStepDurationModule(preset),
            "pitch-regression" => new PitchRegressionModule(preset),
            "melody-lstm" => new MelodyModule(preset, residual: false),
            "melody-resnet-lstm" => new MelodyModule(preset, residual: true),
            "chord-lstm" => new ChordLstmModule(preset),
            "chord-stacked-lstm" => new ChordStackedLstmModule(preset),
            "chord-bilstm" => new ChordBiLstmModule(preset),
            "chord-conv-lstm" => new ChordConvLstmModule(preset),
            "notes-and-chords" => new NotesAndChordsModule(preset),
            "pianoroll-lstm" => new PianoRollLstmModule(preset),
            _ => throw new NotSupportedException($"preset '{preset.Id}' has no TorchSharp network; known: {string.Join(", ", Ids)}"),
        };
        if (device is not null && device.type != DeviceType.CPU) module.to(device);
        return module;
    }

    /// <summary>A TorchSharp module for <paramref name="preset"/> holding a copy of <paramref name="model"/>'s weights
    /// and buffers (<see cref="StateDictBridge.CopyFrom"/>), in the same train/eval mode.</summary>
    public static TorchPresetModule FromModel(Preset preset, SequenceModel model, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var module = Create(preset);
        StateDictBridge.CopyFrom(model, module);
        module.train(model.Training);
        if (device is not null && device.type != DeviceType.CPU) module.to(device);
        return module;
    }
}
