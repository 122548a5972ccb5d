using MusicGen.Midi;

namespace MusicGen.Models;

/// <summary>A preset rebuilt from a checkpoint by <see cref="PresetCheckpoint.Load"/>: its options and vocabulary,
/// the model with the saved weights (in evaluation mode), the saved prompt (or null) and all metadata.</summary>
public sealed record TrainedPreset(Preset Preset, SequenceModel Model, float[,]? Prompt, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>Generates <paramref name="notes"/> rows after the saved prompt (or <paramref name="prompt"/>).</summary>
    public MidiSong Generate(int notes, Sampler sampler, float[,]? prompt = null) =>
        Preset.Generate(Model, prompt ?? Prompt ?? throw new InvalidOperationException($"{Preset.Id}: the checkpoint holds no prompt; pass one"), notes, sampler);
}
