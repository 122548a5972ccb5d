namespace MusicGen.Models;

/// <summary>
/// A preset with trained weights: the result of <see cref="Preset.Train(IReadOnlyList{Midi.MidiSong}, SequenceModel?, bool, Action{TrainingProgress}?)"/>
/// (with its <see cref="History"/> and <see cref="Corpus"/>) or of <see cref="PresetCheckpoint.Load"/> (options,
/// vocabulary, the saved prompt and metadata). The model is in evaluation mode.
/// </summary>
public sealed record TrainedPreset(Preset Preset, SequenceModel Model, float[,]? Prompt, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>Loss per epoch of the training run (also when the weights came from the cache); null after a checkpoint load.</summary>
    public TrainingHistory? History { get; init; }

    /// <summary>The encoded training songs; null after a checkpoint load.</summary>
    public EncodedCorpus? Corpus { get; init; }

    /// <summary>True when <see cref="Preset.Train(EncodedCorpus, EncodedCorpus?, SequenceModel?, bool, Action{TrainingProgress}?)"/>
    /// loaded the weights from the <see cref="WeightCache"/> instead of training.</summary>
    public bool FromCache { get; init; }

    /// <summary>Generates <paramref name="count"/> rows (in the preset's <see cref="Preset.Unit"/>s) after the kept prompt
    /// (or <paramref name="prompt"/>) with <paramref name="sampler"/>.</summary>
    public Generation Generate(int count, Sampler sampler, float[,]? prompt = null) =>
        Preset.Generate(Model, prompt ?? Prompt ?? throw new InvalidOperationException($"{Preset.Id}: no prompt kept; pass one"), count, sampler);

    /// <summary>Generates with the preset's temperature, top-k and top-p, sampling seed <paramref name="seed"/>.</summary>
    public Generation Generate(int count, ulong seed = 0, float[,]? prompt = null) => Generate(count, Preset.CreateSampler(seed), prompt);

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Preset.Id}: {Model.ParameterCount():N0} parameters{(History is null ? "" : $", {History.Epochs} epochs")}{(FromCache ? " (weights from the cache)" : "")}";
}
