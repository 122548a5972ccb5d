using System.Globalization;
using MusicGen.Formatting;
using MusicGen.Midi;
using MusicGen.Plotting;

namespace MusicGen.Models;

/// <summary>
/// What every preset's generation returns: the rows the model produced after a prompt, in the preset's
/// representation (<see cref="Unit"/> says what one row is: a note, a token, a piano-roll frame or a message), and
/// the music they make. <see cref="ToMidiSong"/> decodes them the way the preset's paper writes MIDI;
/// <see cref="Save"/> writes the .mid file; in a notebook it displays as a summary and a piano-roll figure.
/// </summary>
[TypeFormatterSource(typeof(MusicFormatterSource))]
public sealed class Generation
{
    MidiSong? _song;

    internal Generation(Preset preset, float[,] prompt, IReadOnlyList<float[]> rows)
    {
        (Preset, Prompt, Rows) = (preset, prompt, rows);
    }

    /// <summary>The preset that decodes the rows (its options and vocabulary at generation time).</summary>
    public Preset Preset { get; }

    /// <summary>The prompt, raw rows (PromptLength, <see cref="Preset.FeatureCount"/>); not part of <see cref="Rows"/>.</summary>
    public float[,] Prompt { get; }

    /// <summary>The generated raw rows, in order (e.g. pitch, step, duration; a token id; 88 keys of a frame).</summary>
    public IReadOnlyList<float[]> Rows { get; }

    /// <summary>Generated rows.</summary>
    public int Count => Rows.Count;

    /// <summary>What one row is, singular ("note", "token", "frame", "message"): <see cref="Preset.Unit"/>.</summary>
    public string Unit => Preset.Unit;

    /// <summary>The generated rows written as a song (the prompt excluded), cached.</summary>
    public MidiSong ToMidiSong() => _song ??= Named(Preset.ToSong(Rows), $"{Preset.Id} generation");

    /// <summary>The generated song (<see cref="ToMidiSong"/>), so a generation goes wherever a song is expected.</summary>
    public static implicit operator MidiSong(Generation generation)
    {
        ArgumentNullException.ThrowIfNull(generation);
        return generation.ToMidiSong();
    }

    /// <summary>Prompt and continuation as one song (to hear the continuation in context).</summary>
    public MidiSong ToMidiSongWithPrompt()
    {
        var rows = new List<float[]>(Prompt.GetLength(0) + Rows.Count);
        for (int r = 0; r < Prompt.GetLength(0); r++)
        {
            var row = new float[Prompt.GetLength(1)];
            for (int c = 0; c < row.Length; c++) row[c] = Prompt[r, c];
            rows.Add(row);
        }
        rows.AddRange(Rows);
        return Named(Preset.ToSong(rows), $"{Preset.Id} prompt + generation");
    }

    static MidiSong Named(MidiSong song, string name)
    {
        song.Name ??= name;
        return song;
    }

    /// <summary>Writes <see cref="ToMidiSong"/> (or, with <paramref name="includePrompt"/>, prompt and continuation) as a
    /// Standard MIDI File, creating the folder; atomic (<see cref="MidiSong.Write"/>).</summary>
    /// <exception cref="ArgumentException">The path does not end in .mid or .midi.</exception>
    public void Save(string path, bool includePrompt = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!path.EndsWith(".mid", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".midi", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"{path}: a generation is saved as MIDI; give a .mid or .midi path", nameof(path));
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        (includePrompt ? ToMidiSongWithPrompt() : ToMidiSong()).Write(path);
    }

    /// <summary>The continuation as a piano-roll figure titled with <see cref="ToString"/>.</summary>
    public Figure ToFigure(int width = 900, int height = 320) => Plot.PianoRoll(ToMidiSong().GetAllNotes(), ToString(), width, height);

    /// <inheritdoc/>
    public override string ToString()
    {
        var song = ToMidiSong();
        return string.Create(CultureInfo.InvariantCulture,
            $"{Preset.Id}: {Count} {Plural(Count)} generated after a {Prompt.GetLength(0)}-{Unit} prompt → {song.GetAllNotes().Count} notes, {song.GetEndTime():0.0} s");
    }

    string Plural(int n) => n == 1 ? Unit : Unit + "s";
}
