using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using MusicGen.Nn;

namespace MusicGen.Models;

/// <summary>
/// Trained weights kept between runs, so a notebook that trains loads them the second time (issue 11, "ready for a
/// class"). One safetensors file per training call, named <c>PRESET-KEY.safetensors</c> in <see cref="Folder"/>,
/// holding the final weights and the training history. The key is a SHA-256 over everything the trained weights
/// depend on: <see cref="RecipeVersion"/>, the preset id and options (sizes, epochs, batch, seed, …; not the sampling
/// settings), the model's class (<see cref="ModelName"/>) and its initial weights (so a network written in a notebook cell is keyed by what it is), the trainer
/// settings, and the encoded training and validation data (every row and the vocabulary). Anything that changes one
/// of them gives another file, so stale weights are never loaded; files are shareable by copying the folder.
/// The engine's numerics are not in the key: <see cref="RecipeVersion"/> must be raised when a change to the
/// engine, a loss or the trainer alters what training produces.
/// Weights trained on the datasets are not committed (their licences would bind them): the folder is outside the
/// repository by default (<c>$MUSICGEN_CACHE</c>, else <c>$XDG_CACHE_HOME/musicgen</c>, else <c>~/.cache/musicgen</c>,
/// then <c>weights/</c>).
/// </summary>
public static partial class WeightCache
{
    /// <summary>Raised when a change makes earlier cached weights wrong although the key's inputs are equal.</summary>
    public const int RecipeVersion = 1;

    /// <summary>The environment variable naming the cache root (weights go to its <c>weights/</c> folder).</summary>
    public const string EnvironmentVariable = "MUSICGEN_CACHE";

    /// <summary>Where the weight files are (created on first store).</summary>
    public static string Folder
    {
        get
        {
            var root = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (string.IsNullOrEmpty(root))
            {
                var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
                root = Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : xdg, "musicgen");
            }
            return Path.Combine(Path.GetFullPath(root), "weights");
        }
    }

    /// <summary>Raised when a training run starts in <see cref="Preset.Train(EncodedCorpus, EncodedCorpus?, SequenceModel?, bool, Action{TrainingProgress}?)"/>
    /// (cache miss or no cache): <c>musicgen notebooks prepare</c> shows its progress.</summary>
    internal static event Action<Preset, Trainer>? TrainingStarted;

    internal static void Observe(Preset preset, Trainer trainer) => TrainingStarted?.Invoke(preset, trainer);

    /// <summary>The hex SHA-256 key of one training call (see the class summary for what it covers).</summary>
    public static string Key(Preset preset, Module model, TrainerOptions options, EncodedCorpus corpus, EncodedCorpus? valid = null)
    {
        ArgumentNullException.ThrowIfNull(preset);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(corpus);
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Text(string s)
        {
            h.AppendData(Encoding.UTF8.GetBytes(s));
            h.AppendData([0]);
        }
        Text(string.Create(CultureInfo.InvariantCulture, $"musicgen-weights recipe {RecipeVersion}"));
        Text(preset.Id);
        // Sampling settings do not change what training produces: a student who changes the temperature keeps the cache.
        Text((preset.Options with { Temperature = 1f, TopK = 0, TopP = 1f }).ToJson());
        Text(ModelName(model.GetType()));
        foreach (var (name, t) in model.StateDict().OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            Text(name + ":" + string.Join("x", t.Shape));
            h.AppendData(MemoryMarshal.AsBytes(t.Data));
        }
        Text(string.Create(CultureInfo.InvariantCulture,
            $"trainer {options.Epochs} {options.BatchSize} {options.ValidBatchSize} {options.Seed} {options.ShuffleEachEpoch} {options.BucketByLength is not null} {options.BucketPool} {options.TimeLimit} {options.MaxStepsPerEpoch} {options.MaxValidBatches} {options.ClipGradNorm:R} {options.Patience} {options.MinDelta:R} {options.RestoreBest} {StripSubmissions(options.LrSchedule?.Method.Name ?? "")}"));
        Corpus(h, corpus, Text);
        if (valid is not null) Corpus(h, valid, Text);
        return Convert.ToHexStringLower(h.GetHashAndReset());
    }

    /// <summary>
    /// The model's class as the key sees it: its full name without the script compiler's submission classes. A class
    /// written in a notebook cell is nested in the cell's submission, <c>Submission#7+MelodyNet</c>, and the number
    /// counts the cells run before it: adding, removing or splitting a cell above would change it although the network
    /// is the same, and miss the cache. What the network is stays in the key through its state-dict names, shapes and
    /// initial weights.
    /// </summary>
    public static string ModelName(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return StripSubmissions(type.FullName ?? type.Name);
    }

    static string StripSubmissions(string name) => SubmissionPrefix().Replace(name, "");

    // Roslyn scripting names a submission's class "Submission#N" (N = 0, 1, …); nested types follow a '+'. Lambdas
    // compiled in a cell are named after it too ("<Submission#3>b__0_0").
    [GeneratedRegex(@"Submission#\d+\+?")]
    private static partial Regex SubmissionPrefix();

    static void Corpus(IncrementalHash h, EncodedCorpus corpus, Action<string> text)
    {
        text(string.Create(CultureInfo.InvariantCulture, $"corpus {corpus.Songs.Count} {corpus.FeatureCount}"));
        foreach (var song in corpus.Songs)
        {
            text(song.GetLength(0).ToString(CultureInfo.InvariantCulture));
            h.AppendData(MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(song), song.Length)));
        }
        if (corpus.Vocabulary is { } v) text(v.Order + "\n" + string.Join("\n", v.Tokens));
    }

    /// <summary>The file of <paramref name="key"/> for <paramref name="preset"/>.</summary>
    public static string PathFor(Preset preset, string key) => Path.Combine(Folder, $"{preset.Id}-{key[..16]}.safetensors");

    /// <summary>Loads the weights stored under <paramref name="key"/> into <paramref name="model"/>; false when there are
    /// none (or the file is unreadable or belongs to another key, which is reported on stderr and then ignored).</summary>
    public static bool TryLoad(string key, Module model, out TrainingHistory? history)
    {
        history = null;
        var file = Directory.Exists(Folder) ? Directory.EnumerateFiles(Folder, $"*-{key[..16]}.safetensors").FirstOrDefault() : null;
        if (file is null) return false;
        try
        {
            var meta = Safetensors.LoadMetadata(file);
            if (!meta.TryGetValue("key", out var k) || k != key) return false;
            var h = meta.TryGetValue("history", out var json) ? TrainingHistory.FromJson(json) : null;
            Checkpoint.Load(file, model);
            history = h;
            return true;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or FormatException or System.Text.Json.JsonException or ArgumentException or KeyNotFoundException)
        {
            Console.Error.WriteLine($"weight cache: {file}: unreadable ({e.Message}); training instead");
            return false;
        }
    }

    /// <summary>Stores the trained weights of <paramref name="model"/> and its history under <paramref name="key"/> (atomic).</summary>
    public static string Store(string key, Preset preset, Module model, TrainingHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var file = PathFor(preset, key);
        Directory.CreateDirectory(Folder);
        Checkpoint.Save(file, model, null, new Dictionary<string, string>
        {
            ["format"] = "musicgen-weights/1",
            ["key"] = key,
            ["preset"] = preset.Id,
            ["options"] = preset.Options.ToJson(),
            ["model"] = ModelName(model.GetType()),
            ["history"] = history.ToJson(),
        });
        return file;
    }
}
