using System.Text.Json;
using System.Text.Json.Serialization;

namespace MusicGen.Models;

/// <summary>
/// Hyperparameters of a <see cref="Preset"/>: one settable record shared by every preset (a preset reads the fields
/// it uses and documents them in its XML doc; the others are ignored). Each preset gives its paper's values in
/// <see cref="Preset.DefaultOptions"/> and small ones for tests and quick notebooks in <see cref="Preset.TinyOptions"/>.
/// The training recipe (<see cref="Preset.Train(IReadOnlyList{Midi.MidiSong}, SequenceModel?, bool, Action{TrainingProgress}?)"/>)
/// reads its epochs, batch size, seed and limits from here too: one options object for the network and its training.
/// Serialised as JSON into checkpoints (<see cref="ToJson"/> / <see cref="FromJson"/>).
/// </summary>
public sealed record PresetOptions
{
    /// <summary>Units of the (first) LSTM layer.</summary>
    public int HiddenSize { get; set; } = 128;

    /// <summary>Units of the second LSTM layer (presets with two or three LSTMs).</summary>
    public int HiddenSize2 { get; set; } = 128;

    /// <summary>Units of the hidden dense layer(s) between the LSTM and the output layer.</summary>
    public int DenseSize { get; set; } = 256;

    /// <summary>Input window: rows (notes, tokens or frames) the model sees before predicting the next one.</summary>
    public int Window { get; set; } = 25;

    /// <summary>Vocabulary size of token presets (set from the corpus by <see cref="Preset.Encode"/>; the default is the paper's).</summary>
    public int VocabularySize { get; set; }

    /// <summary>Dropout probability where the architecture has dropout.</summary>
    public float Dropout { get; set; }

    /// <summary>Optimizer learning rate.</summary>
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>Training batch size.</summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>Training epochs of the paper.</summary>
    public int Epochs { get; set; } = 50;

    /// <summary>Sampling temperature (0 = greedy).</summary>
    public float Temperature { get; set; } = 1f;

    /// <summary>Top-k filter of sampling (0 = off).</summary>
    public int TopK { get; set; }

    /// <summary>Top-p (nucleus) filter of sampling (1 = off).</summary>
    public float TopP { get; set; } = 1f;

    /// <summary>Caps the optimizer steps of each epoch (0 = the whole training split): short runs on big corpora.</summary>
    public int MaxStepsPerEpoch { get; set; }

    /// <summary>Rescale gradients to this joint L2 norm before each step (0 = no clipping).</summary>
    public double ClipGradNorm { get; set; }

    /// <summary>Early stopping: epochs without a better validation loss before training stops (0 = never).</summary>
    public int Patience { get; set; }

    /// <summary>Fraction of each song's windows (its last ones, in time) kept for validation.</summary>
    public double ValidFraction { get; set; } = 0.1;

    /// <summary>Random seed of the weight initialisation in <see cref="Preset.CreateModel"/> and of the training run's
    /// shuffling and dropout.</summary>
    public ulong Seed { get; set; }

    /// <summary>Reproduce the seed's quirk as written (<see cref="QuirkMode.Faithful"/>) or its fixed / sampled
    /// variant (<see cref="QuirkMode.Fixed"/>); each preset documents what its quirk is.</summary>
    public QuirkMode Quirk { get; set; } = QuirkMode.Faithful;

    static readonly JsonSerializerOptions s_json = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The options as one line of JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    /// <summary>Options from <see cref="ToJson"/>; a malformed document throws <see cref="FormatException"/>.</summary>
    public static PresetOptions FromJson(string json)
    {
        try { return JsonSerializer.Deserialize<PresetOptions>(json, s_json) ?? throw new FormatException("options JSON is null"); }
        catch (JsonException e) { throw new FormatException($"bad preset options JSON: {e.Message}", e); }
    }
}
