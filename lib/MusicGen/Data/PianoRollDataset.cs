using System.Text;
using System.Text.Json;
using MusicGen.Midi;
using MusicGen.IO;

namespace MusicGen.Data;

/// <summary>
/// A polyphonic benchmark in the Boulanger-Lewandowski (2012) layout: JSON
/// <c>{"train": [...], "valid": [...], "test": [...]}</c>, each piece a list of time steps, each
/// step the ascending MIDI pitches sounding then (empty = rest). See data/README.md, "Piano-roll split format", and each dataset's SOURCE file
/// (e.g. <c>jsb-chorales/jsb-chorales-quarter.json</c>, quarter-note steps).
/// </summary>
public sealed class PianoRollDataset
{
    /// <summary>Lowest MIDI pitch of the 88-key frames (A0); key k ↔ MIDI 21 + k (SOURCES.md §6).</summary>
    public const int LowestKey = 21;

    /// <summary>Number of piano keys, MIDI 21–108.</summary>
    public const int Keys = 88;

    /// <summary>Known datasets → file inside the dataset folder.</summary>
    public static IReadOnlyDictionary<string, string> KnownFiles { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["jsb-chorales"] = "jsb-chorales-quarter.json",
        ["piano-midi"] = "bl2012-split/piano-midi-bl2012.json",
        ["nottingham"] = "bl2012-split/nottingham-bl2012.json",
        ["sample"] = "sample-split.json",
    };

    public PianoRollDataset(string name, List<List<int[]>> train, List<List<int[]>> valid, List<List<int[]>> test)
    {
        Name = name;
        Train = train;
        Valid = valid;
        Test = test;
    }

    public string Name { get; }

    /// <summary>Pieces; a piece is a list of steps, a step the sounding MIDI pitches.</summary>
    public List<List<int[]>> Train { get; }

    public List<List<int[]>> Valid { get; }

    public List<List<int[]>> Test { get; }

    /// <summary>The split named "train", "valid" or "test".</summary>
    public List<List<int[]>> Split(string split) => split switch
    {
        "train" => Train,
        "valid" => Valid,
        "test" => Test,
        _ => throw new ArgumentException($"unknown split '{split}' (train, valid, test).", nameof(split)),
    };

    /// <summary>
    /// Opens a dataset by name (<see cref="KnownFiles"/>, found with <see cref="DatasetLocator"/>;
    /// "sample" is <c>data/sample/sample-split.json</c>) or by a path to a JSON file or to a folder
    /// holding one of the known files.
    /// </summary>
    public static PianoRollDataset Open(string nameOrPath, string? explicitPath = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(nameOrPath);
        if (explicitPath is null && File.Exists(nameOrPath)) return Load(nameOrPath);
        if (explicitPath is not null && File.Exists(explicitPath)) return Load(explicitPath, nameOrPath);
        var folder = nameOrPath == "sample" && explicitPath is null
            ? DatasetLocator.SampleFolder()
            : DatasetLocator.Find(nameOrPath, explicitPath);
        if (folder is null)
            throw new DirectoryNotFoundException($"{nameOrPath}: dataset not found; set {DatasetLocator.EnvironmentVariable} to a folder holding {nameOrPath}/ or pass its path.");
        if (KnownFiles.TryGetValue(nameOrPath, out var relative) && File.Exists(Path.Combine(folder, relative)))
            return Load(Path.Combine(folder, relative), nameOrPath);
        foreach (var candidate in KnownFiles.Values)
            if (File.Exists(Path.Combine(folder, candidate))) return Load(Path.Combine(folder, candidate), nameOrPath);
        throw new FileNotFoundException($"{folder}: no piano-roll split file ({string.Join(", ", KnownFiles.Values)}).");
    }

    /// <summary>Reads a split file; throws <see cref="FormatException"/> naming the file and the problem.</summary>
    public static PianoRollDataset Load(string path, string? name = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            // A streaming reader: the Nottingham file holds ~1M numbers, a DOM would triple the work.
            var reader = new Utf8JsonReader(File.ReadAllBytes(path), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            var splits = new Dictionary<string, List<List<int[]>>>(StringComparer.Ordinal);
            Read(ref reader, JsonTokenType.StartObject, "the top level is not an object with train/valid/test");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = reader.GetString()!;
                if (key is "train" or "valid" or "test") splits[key] = ReadPieces(ref reader, key);
                else reader.Skip(); // unknown member: skip its value
            }
            foreach (var key in new[] { "train", "valid", "test" })
                if (!splits.ContainsKey(key)) throw new FormatException($"no \"{key}\" list.");
            return new PianoRollDataset(name ?? Path.GetFileNameWithoutExtension(path), splits["train"], splits["valid"], splits["test"]);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }
    }

    private static void Read(ref Utf8JsonReader reader, JsonTokenType expected, string what)
    {
        if (!reader.Read() || reader.TokenType != expected) throw new FormatException(what + ".");
    }

    private static List<List<int[]>> ReadPieces(ref Utf8JsonReader reader, string split)
    {
        Read(ref reader, JsonTokenType.StartArray, $"\"{split}\" is not a list of pieces");
        var pieces = new List<List<int[]>>();
        var step = new List<int>(8);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartArray) throw new FormatException($"{split}[{pieces.Count}] is not a list of steps.");
            var piece = new List<int[]>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartArray) throw new FormatException($"{split}[{pieces.Count}] step {piece.Count} is not a list of pitches.");
                step.Clear();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    // Some files store pitches as floats (e.g. 60.0); they must be whole MIDI numbers.
                    var v = reader.TokenType == JsonTokenType.Number ? reader.GetDouble() : double.NaN;
                    if (v != Math.Floor(v) || v < 0 || v > 127)
                        throw new FormatException($"{split}[{pieces.Count}] step {piece.Count}: {(double.IsNaN(v) ? reader.TokenType.ToString() : v)} is not a MIDI pitch.");
                    step.Add((int)v);
                }
                step.Sort();
                piece.Add(step.ToArray());
            }
            pieces.Add(piece);
        }
        return pieces;
    }

    /// <summary>Writes the same JSON layout (temp file + rename).</summary>
    public void Save(string path)
    {
        var sb = new StringBuilder("{");
        foreach (var (key, pieces) in new[] { ("train", Train), ("valid", Valid), ("test", Test) })
        {
            if (sb.Length > 1) sb.Append(", ");
            sb.Append('"').Append(key).Append("\": [");
            sb.AppendJoin(", ", pieces.Select(piece => "[" + string.Join(", ", piece.Select(step => "[" + string.Join(", ", step) + "]")) + "]"));
            sb.Append(']');
        }
        sb.Append("}\n");
        var full = Path.GetFullPath(path);
        AtomicFile.WriteAllText(full, sb.ToString());
    }

    /// <summary>A piece as binary 88-key frames (T, 88): frame[t, k] = 1 when MIDI 21 + k sounds.
    /// Pitches outside 21–108 throw (the benchmark files hold none).</summary>
    public static float[,] ToKeyFrames(IReadOnlyList<int[]> piece)
    {
        ArgumentNullException.ThrowIfNull(piece);
        var frames = new float[piece.Count, Keys];
        for (var t = 0; t < piece.Count; t++)
            foreach (var p in piece[t])
            {
                var k = p - LowestKey;
                if ((uint)k >= Keys) throw new ArgumentException($"step {t}: pitch {p} is outside the 88 keys (MIDI 21–108).", nameof(piece));
                frames[t, k] = 1;
            }
        return frames;
    }

    /// <summary>(T, 88) frames → steps of MIDI pitches (a key sounds when its value is &gt; 0.5).</summary>
    public static List<int[]> FromKeyFrames(float[,] frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.GetLength(1) != Keys) throw new ArgumentException($"frames have {frames.GetLength(1)} columns, expected {Keys}.", nameof(frames));
        var steps = new List<int[]>(frames.GetLength(0));
        for (var t = 0; t < frames.GetLength(0); t++)
        {
            var s = new List<int>();
            for (var k = 0; k < Keys; k++) if (frames[t, k] > 0.5f) s.Add(LowestKey + k);
            steps.Add(s.ToArray());
        }
        return steps;
    }

    /// <summary>
    /// A song sampled on a grid, as the benchmark encodings are: step t holds the (drum-free)
    /// pitches sounding at time t·<paramref name="stepSeconds"/> (start ≤ t·step &lt; end), for
    /// t = 0 … ceil(end/step) − 1, transposed by <paramref name="transpose"/> semitones.
    /// </summary>
    public static List<int[]> StepsFromSong(MidiSong song, double stepSeconds, int transpose = 0)
    {
        ArgumentNullException.ThrowIfNull(song);
        if (!(stepSeconds > 0)) throw new ArgumentOutOfRangeException(nameof(stepSeconds));
        var notes = song.GetAllNotes();
        var count = (int)Math.Ceiling(song.GetEndTime() / stepSeconds - 1e-9);
        var steps = new List<int[]>(count);
        for (var t = 0; t < count; t++)
        {
            var time = t * stepSeconds + 1e-9; // a note starting exactly on the grid point sounds there
            steps.Add(notes.Where(n => n.Start <= time && time < n.End).Select(n => n.Pitch + transpose)
                .Where(p => p is >= 0 and <= 127).Distinct().Order().ToArray());
        }
        return steps;
    }

    public override string ToString() =>
        $"PianoRollDataset({Name}: train {Train.Count}, valid {Valid.Count}, test {Test.Count} pieces; {Train.Sum(p => p.Count)} train steps)";
}
