using System.Globalization;
using MusicGen.Formatting;
using MusicGen.Plotting;

namespace MusicGen.Midi;

/// <summary>
/// A whole piece in seconds (pretty_midi's <c>PrettyMIDI</c>): instruments, the tempo map and
/// signatures. Reading and writing Standard MIDI Files is done by <c>MidiFile</c>; this type is
/// the plain model every other namespace consumes. In a notebook it displays as a one-line summary
/// and a piano-roll figure (<see cref="MusicFormatterSource"/>).
/// </summary>
[TypeFormatterSource(typeof(MusicFormatterSource))]
public sealed class MidiSong
{
    public MidiSong(int resolution = 480)
    {
        if (resolution <= 0 || resolution > 0x7FFF)
            throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "Ticks per quarter note must be 1–32767.");
        Resolution = resolution;
    }

    /// <summary>
    /// A song of one instrument holding <paramref name="notes"/> (sorted by start, then pitch): the "notes to MIDI"
    /// step every representation ends with. <paramref name="program"/> is the General MIDI program (0 = Acoustic
    /// Grand Piano).
    /// </summary>
    public static MidiSong FromNotes(IEnumerable<Note> notes, int program = 0, string? instrumentName = "Piano", string? name = null)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var instrument = new Instrument(program, name: instrumentName ?? "");
        instrument.Notes.AddRange(notes);
        instrument.Notes.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Pitch.CompareTo(b.Pitch));
        var song = new MidiSong { Name = name };
        song.Instruments.Add(instrument);
        return song;
    }

    /// <summary>Where the song came from (the file stem after <see cref="Read"/>), or null. Display only.</summary>
    public string? Name { get; set; }

    /// <summary>Ticks per quarter note (the SMF header division).</summary>
    public int Resolution { get; }

    public List<Instrument> Instruments { get; } = new();

    /// <summary>Tempo changes in time order; empty means the SMF default of 120 bpm.</summary>
    public List<TempoChange> TempoChanges { get; } = new();

    public List<TimeSignature> TimeSignatures { get; } = new();

    public List<KeySignature> KeySignatures { get; } = new();

    /// <summary>Lyric meta events (text, seconds).</summary>
    public List<(string Text, double Time)> Lyrics { get; } = new();

    /// <summary>Non-fatal oddities met while reading (e.g. tempo events outside the first track).</summary>
    public List<string> Warnings { get; } = new();

    /// <summary>Latest time of any event in the song (pretty_midi's <c>get_end_time</c>): note ends,
    /// control changes, pitch bends, tempo and signature changes, lyrics; 0 for an empty song.</summary>
    public double GetEndTime()
    {
        double end = 0;
        foreach (var i in Instruments) end = Math.Max(end, i.GetEndTime());
        foreach (var t in TempoChanges) end = Math.Max(end, t.Time);
        foreach (var t in TimeSignatures) end = Math.Max(end, t.Time);
        foreach (var k in KeySignatures) end = Math.Max(end, k.Time);
        foreach (var l in Lyrics) end = Math.Max(end, l.Time);
        return end;
    }

    /// <summary>Every note of every non-drum instrument, sorted by start then pitch.</summary>
    public List<Note> GetAllNotes(bool includeDrums = false)
    {
        var all = new List<Note>();
        foreach (var i in Instruments)
            if (includeDrums || !i.IsDrum) all.AddRange(i.Notes);
        all.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Pitch.CompareTo(b.Pitch));
        return all;
    }

    /// <summary>Reads a Standard MIDI File as pretty_midi 0.2.9 does (see <see cref="MidiFile.ToSong"/>).</summary>
    /// <param name="settings">Policies for malformed input; null means <see cref="MidiReadingSettings.Lenient"/>.</param>
    /// <exception cref="MidiFormatException">Unreadable file; the message names it and the byte offset.</exception>
    public static MidiSong Read(string path, MidiReadingSettings? settings = null)
    {
        var song = MidiFile.Read(path, settings).ToSong();
        song.Name = Path.GetFileNameWithoutExtension(path);
        return song;
    }

    /// <summary>Writes the song as a format 1 Standard MIDI File, atomically (temp file + rename).
    /// Times are rounded to ticks; see <see cref="MidiFile.FromSong"/>.</summary>
    public void Write(string path) => MidiFile.FromSong(this).Write(path);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"MidiSong({(Name is null ? "" : Name + ", ")}instruments={Instruments.Count}, notes={Instruments.Sum(i => i.Notes.Count)}, end={GetEndTime():0.###} s)");

    /// <summary>The notebook summary: name, instruments, notes, length and pitch range in words.</summary>
    public string Describe()
    {
        var notes = GetAllNotes();
        string range = notes.Count == 0 ? "no notes" : $"pitches {notes.Min(n => n.Pitch)}–{notes.Max(n => n.Pitch)}";
        string instruments = string.Join(", ", Instruments.Select(i => $"{(string.IsNullOrEmpty(i.Name) ? "program " + i.Program : i.Name)} ({i.Notes.Count})"));
        return string.Create(CultureInfo.InvariantCulture,
            $"{Name ?? "MidiSong"}: {notes.Count:N0} notes, {GetEndTime():0.0} s, {range}; {Instruments.Count} instrument{(Instruments.Count == 1 ? "" : "s")}{(Instruments.Count == 0 ? "" : ": " + instruments)}");
    }

    /// <summary>Every non-drum note as a piano-roll figure titled with <see cref="Describe"/> (what a notebook shows).</summary>
    public Figure ToFigure(int width = 900, int height = 320) => Plot.PianoRoll(this, Describe(), width, height);
}
