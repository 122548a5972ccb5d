using System.Globalization;
using System.Text.Json;
using MusicGen.Nn;
using MusicGen.Nn.Optim;
using MusicGen.Representations;

namespace MusicGen.Models;

/// <summary>
/// One-file checkpoints of a trained preset (safetensors through <see cref="Checkpoint"/>): the model under its
/// PyTorch names, optionally the optimizer state, and string metadata "format", "preset", "options",
/// "vocabulary", "prompt" from which <see cref="Load"/> rebuilds the preset, its model and a default prompt.
/// </summary>
public static class PresetCheckpoint
{
    /// <summary>Metadata "format" value.</summary>
    public const string Format = "musicgen-preset/1";

    /// <summary>Writes <paramref name="model"/> with <paramref name="preset"/>'s id, options, vocabulary and the prompt.</summary>
    public static void Save(Preset preset, string path, Module model, Optimizer? optimizer = null, float[,]? prompt = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Checkpoint.Save(path, model, optimizer, Metadata(preset, prompt, metadata));
    }

    /// <summary>
    /// The metadata that makes a checkpoint loadable by <see cref="Load"/>: "format", "preset", "options",
    /// "vocabulary" (token presets), "prompt" (when given), plus <paramref name="extra"/>. Pass it as
    /// <c>TrainerOptions.CheckpointMetadata</c> so the Trainer's epoch checkpoints can be loaded the same way.
    /// </summary>
    public static Dictionary<string, string> Metadata(Preset preset, float[,]? prompt = null, IReadOnlyDictionary<string, string>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(preset);
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        if (extra is not null) foreach (var (k, v) in extra) meta[k] = v;
        meta["format"] = Format;
        meta["preset"] = preset.Id;
        meta["options"] = preset.Options.ToJson();
        if (preset.Vocabulary is { } vocab)
            meta["vocabulary"] = JsonSerializer.Serialize(new { order = vocab.Order, tokens = vocab.Tokens });
        if (prompt is not null) meta["prompt"] = PromptToJson(prompt);
        return meta;
    }

    /// <summary>
    /// Rebuilds the preset (id, options, vocabulary), creates its model and loads the weights (the optimizer state,
    /// if saved, stays in the file: <c>Checkpoint.Load(path, model, preset.CreateOptimizer(model))</c> resumes it). Throws <see cref="FileNotFoundException"/> or
    /// <see cref="InvalidDataException"/> naming the file when it is missing or not a preset checkpoint.
    /// </summary>
    public static TrainedPreset Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such checkpoint file", path);
        Dictionary<string, string> meta;
        try { meta = Safetensors.LoadMetadata(path); }
        catch (Exception e) when (e is not (FileNotFoundException or UnauthorizedAccessException))
        {
            throw new InvalidDataException($"{path}: not a safetensors checkpoint ({e.Message})", e);
        }
        if (!meta.TryGetValue("preset", out var id) || !meta.TryGetValue("options", out var optionsJson))
            throw new InvalidDataException($"{path}: not a preset checkpoint (no \"preset\"/\"options\" metadata; save it with Preset.Save)");
        Preset preset;
        try { preset = Presets.Get(id); }
        catch (ArgumentException e) { throw new InvalidDataException($"{path}: {e.Message}", e); }
        try
        {
            preset.Options = PresetOptions.FromJson(optionsJson);
            if (meta.TryGetValue("vocabulary", out var vocabJson)) preset.Vocabulary = VocabularyFromJson(vocabJson);
        }
        catch (FormatException e) { throw new InvalidDataException($"{path}: {e.Message}", e); }
        var model = preset.CreateModel();
        Checkpoint.Load(path, model);
        float[,]? prompt = null;
        if (meta.TryGetValue("prompt", out var promptJson))
        {
            try { prompt = PromptFromJson(promptJson, preset.FeatureCount); }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                throw new InvalidDataException($"{path}: bad \"prompt\" metadata ({e.Message})", e);
            }
        }
        model.Eval();
        return new TrainedPreset(preset, model, prompt, meta);
    }

    static Vocabulary VocabularyFromJson(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var order = doc.RootElement.GetProperty("order").GetString();
            var tokens = doc.RootElement.GetProperty("tokens").EnumerateArray().Select(t => t.GetString() ?? throw new FormatException("null token")).ToList();
            var v = order switch
            {
                "ordinal" => Vocabulary.Ordinal(tokens),
                "first-seen" => Vocabulary.FirstSeen(tokens),
                _ => throw new FormatException($"unknown vocabulary order '{order}'"),
            };
            if (v.Count != tokens.Count) throw new FormatException("the vocabulary has repeated tokens");
            return v;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"bad vocabulary JSON: {e.Message}", e);
        }
    }

    static string PromptToJson(float[,] prompt)
    {
        var rows = new float[prompt.GetLength(0)][];
        for (int r = 0; r < rows.Length; r++)
        {
            rows[r] = new float[prompt.GetLength(1)];
            for (int c = 0; c < rows[r].Length; c++) rows[r][c] = prompt[r, c];
        }
        return JsonSerializer.Serialize(rows);
    }

    static float[,] PromptFromJson(string json, int features)
    {
        var rows = JsonSerializer.Deserialize<float[][]>(json) ?? throw new FormatException("prompt is null");
        var p = new float[rows.Length, features];
        for (int r = 0; r < rows.Length; r++)
        {
            if (rows[r].Length != features) throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"prompt row {r} has {rows[r].Length} values, expected {features}"));
            for (int c = 0; c < features; c++) p[r, c] = rows[r][c];
        }
        return p;
    }
}
