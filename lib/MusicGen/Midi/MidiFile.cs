using MusicGen.IO;

namespace MusicGen.Midi;

/// <summary>
/// A Standard MIDI File as stored: format (0, 1 or 2), time division in ticks per quarter note,
/// and tracks of timed events. This is the low-level model (DryWetMIDI's <c>MidiFile</c>);
/// <see cref="ToSong"/> turns it into the seconds model <see cref="MidiSong"/>, with pretty_midi's
/// note pairing and instrument grouping.
/// </summary>
/// <example>
/// <code>
/// var file = MidiFile.Read("chpn-p1.mid");                        // lenient: datasets
/// var strict = MidiFile.Read("mine.mid", MidiReadingSettings.Strict);
/// MidiSong song = file.ToSong();
/// MidiFile.FromSong(song).Write("copy.mid");                      // temp file + rename
/// </code>
/// </example>
internal sealed class MidiFile
{
    private int _format;

    /// <summary>An empty file (no tracks).</summary>
    public MidiFile(int format = 1, int ticksPerQuarterNote = 480)
    {
        Format = format;
        if (ticksPerQuarterNote <= 0 || ticksPerQuarterNote > 0x7FFF)
            throw new ArgumentOutOfRangeException(nameof(ticksPerQuarterNote), ticksPerQuarterNote, "Ticks per quarter note must be 1–32767 (SMPTE division is not supported).");
        TicksPerQuarterNote = ticksPerQuarterNote;
    }

    /// <summary>SMF format: 0 (one track), 1 (simultaneous tracks, tempo map in the first), 2 (independent sequences).</summary>
    public int Format
    {
        get => _format;
        set => _format = value is >= 0 and <= 2 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "SMF format must be 0, 1 or 2.");
    }

    /// <summary>Time division: ticks per quarter note (the header's division, metrical time only).</summary>
    public int TicksPerQuarterNote { get; }

    public List<MidiTrack> Tracks { get; } = new();

    /// <summary>Defects repaired while reading under a lenient policy, each with its byte offset.</summary>
    public List<string> Warnings { get; } = new();

    /// <summary>Reads the file at <paramref name="path"/> into memory and parses it.</summary>
    /// <param name="settings">Policies for malformed input; null means <see cref="MidiReadingSettings.Lenient"/>.</param>
    /// <exception cref="MidiFormatException">The bytes are not a readable SMF under <paramref name="settings"/>;
    /// the message names the file and the byte offset.</exception>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    public static MidiFile Read(string path, MidiReadingSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = File.ReadAllBytes(path);
        return MidiFileReader.Read(bytes, settings ?? MidiReadingSettings.Lenient, path);
    }

    /// <summary>Parses SMF bytes. Meta and sysex payloads of the result share <paramref name="bytes"/>
    /// (no copy), so do not change the buffer while the file is in use.</summary>
    /// <param name="sourceName">Name used in error messages (e.g. the file name), or null.</param>
    public static MidiFile Read(ReadOnlyMemory<byte> bytes, MidiReadingSettings? settings = null, string? sourceName = null) =>
        MidiFileReader.Read(bytes, settings ?? MidiReadingSettings.Lenient, sourceName);

    /// <summary>Writes the file to <paramref name="path"/> atomically: the bytes go to a temporary file
    /// in the same folder, which then replaces <paramref name="path"/>.</summary>
    public void Write(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        AtomicFile.Write(full, stream => MidiFileWriter.Write(this, stream));
    }

    /// <summary>Writes the SMF bytes to <paramref name="stream"/>.</summary>
    public void Write(Stream stream) => MidiFileWriter.Write(this, stream);

    /// <summary>The SMF bytes.</summary>
    public byte[] ToArray()
    {
        var ms = new MemoryStream();
        MidiFileWriter.Write(this, ms);
        return ms.ToArray();
    }

    /// <summary>The song in seconds, read as pretty_midi 0.2.9 reads a file (see <see cref="MidiSong"/>).</summary>
    public MidiSong ToSong() => SongReader.Read(this);

    /// <summary>A format 1 file for <paramref name="song"/>: a tempo/meta track, then one track per instrument.</summary>
    public static MidiFile FromSong(MidiSong song) => SongWriter.Write(song);

    public override string ToString() => $"MidiFile(format={Format}, division={TicksPerQuarterNote}, tracks={Tracks.Count})";
}
