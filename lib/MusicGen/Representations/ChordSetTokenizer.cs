using System.Text;
using MusicGen.Midi;

namespace MusicGen.Representations;

/// <summary>
/// Chord-set tokens of Lorinczi &amp; Brailovsky 2021 (SOURCES.md §2.2): each piano-roll
/// column becomes the set of sounding pitches, written as NumPy's <c>str()</c> of the ascending
/// int array (<c>"[57 64 88]"</c>, <c>"[ 9 60]"</c>), or <c>"e"</c> for an empty frame. Ids
/// are given in first-seen order with <c>"e"</c> = 0, across every song encoded with the same
/// tokenizer. Decoding writes velocity 64 and uses the reverse-piano-roll recipe (§2.5).
/// </summary>
public sealed class ChordSetTokenizer
{
    /// <summary>The empty-frame token, id 0.</summary>
    public const string Empty = "e";

    /// <summary>Frames per second used by the paper (50 ms columns).</summary>
    public const double DefaultFs = 20;

    public ChordSetTokenizer() : this(Vocabulary.FirstSeen(new[] { Empty })) { }

    /// <summary>A tokenizer continuing an existing vocabulary (e.g. loaded from JSON); its id 0 must be "e".</summary>
    public ChordSetTokenizer(Vocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (vocabulary.Count == 0 || vocabulary[0] != Empty) throw new ArgumentException("a chord-set vocabulary starts with \"e\" = 0.", nameof(vocabulary));
        Vocabulary = vocabulary;
    }

    /// <summary>Token ↔ id, first-seen order.</summary>
    public Vocabulary Vocabulary { get; }

    /// <summary>
    /// The song's roll as the paper computes it: sample times <c>arange(0, end_time, 1/fs)</c>,
    /// whole-song <see cref="PianoRoll.GetPianoRoll(MidiSong, double, double[], int?)"/> with the
    /// sustain pedal; so the last column is always empty. Shape (128, ceil(end·fs)).
    /// </summary>
    public static float[,] SongToRoll(MidiSong song, double fs = DefaultFs)
    {
        ArgumentNullException.ThrowIfNull(song);
        var end = song.GetEndTime();
        var step = 1.0 / fs;
        // numpy.arange: length ceil((stop - start) / step), values start + i·step.
        var n = Math.Max(0, (int)Math.Ceiling(end / step));
        var times = new double[n];
        for (var i = 0; i < n; i++) times[i] = i * step;
        return n == 0 ? new float[PianoRoll.Pitches, 0] : PianoRoll.GetPianoRoll(song, fs, times);
    }

    /// <summary>The token string of every column of <paramref name="roll"/> (any value &gt; 0 sounds).</summary>
    public static List<string> Tokens(float[,] roll)
    {
        ArgumentNullException.ThrowIfNull(roll);
        int rows = roll.GetLength(0), cols = roll.GetLength(1);
        if (rows != PianoRoll.Pitches) return TokensByColumn(roll);
        // The roll is row-major (128, T): one pass along each pitch row marks the sounding pitches of every column in
        // two 64-bit masks (reads sequential, not T·4 bytes apart), and a chord seen before reuses its string
        // (a song has far fewer distinct chords than frames).
        var low = new ulong[cols];
        var high = new ulong[cols];
        for (var p = 0; p < 64; p++)
            for (var t = 0; t < cols; t++) if (roll[p, t] > 0) low[t] |= 1UL << p;
        for (var p = 64; p < 128; p++)
            for (var t = 0; t < cols; t++) if (roll[p, t] > 0) high[t] |= 1UL << (p - 64);
        var tokens = new List<string>(cols);
        var seen = new Dictionary<(ulong, ulong), string>();
        var pitches = new List<int>(16);
        for (var t = 0; t < cols; t++)
        {
            if ((low[t] | high[t]) == 0) { tokens.Add(Empty); continue; }
            if (!seen.TryGetValue((low[t], high[t]), out var token))
            {
                pitches.Clear();
                for (var p = 0; p < 64; p++) if ((low[t] >> p & 1) != 0) pitches.Add(p);
                for (var p = 64; p < 128; p++) if ((high[t] >> (p - 64) & 1) != 0) pitches.Add(p);
                seen.Add((low[t], high[t]), token = FormatToken(pitches));
            }
            tokens.Add(token);
        }
        return tokens;
    }

    /// <summary>The column-by-column definition, kept for rolls that are not 128 rows tall (and as the tests' reference).</summary>
    internal static List<string> TokensByColumn(float[,] roll)
    {
        int rows = roll.GetLength(0), cols = roll.GetLength(1);
        var tokens = new List<string>(cols);
        var pitches = new List<int>(16);
        for (var t = 0; t < cols; t++)
        {
            pitches.Clear();
            for (var p = 0; p < rows; p++) if (roll[p, t] > 0) pitches.Add(p);
            tokens.Add(pitches.Count == 0 ? Empty : FormatToken(pitches));
        }
        return tokens;
    }

    /// <summary>Ids of every column, adding unseen tokens to the vocabulary (first-seen order).</summary>
    public int[] Encode(float[,] roll) => Tokens(roll).Select(Vocabulary.Add).ToArray();

    /// <summary>Ids of the song's frames (<see cref="SongToRoll"/> then <see cref="Encode(float[,])"/>).</summary>
    public int[] Encode(MidiSong song, double fs = DefaultFs) => Encode(SongToRoll(song, fs));

    /// <summary>Ids → (128, ids.Length) roll with <paramref name="velocity"/> where a pitch sounds.</summary>
    public float[,] Decode(IReadOnlyList<int> ids, float velocity = 64)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var roll = new float[PianoRoll.Pitches, ids.Count];
        for (var t = 0; t < ids.Count; t++)
            foreach (var p in ParseToken(Vocabulary[ids[t]])) roll[p, t] = velocity;
        return roll;
    }

    /// <summary>Ids → song: decoded roll → notes with the reverse-piano-roll recipe, program 0,
    /// velocity 64 (§2.5).</summary>
    public MidiSong DecodeToSong(IReadOnlyList<int> ids, double fs = DefaultFs, int program = 0, int velocity = 64) =>
        PianoRoll.ToMidiSong(Decode(ids, velocity), fs, program, velocity);

    /// <summary>
    /// NumPy's <c>str()</c> of a 1-D int array (default print options, numpy ≥ 1.14): elements
    /// right-aligned to the widest one, separated by one space, in brackets, wrapped at 75
    /// characters with a one-space hanging indent (only chords of 25+ pitches wrap).
    /// </summary>
    public static string FormatToken(IReadOnlyList<int> pitches)
    {
        ArgumentNullException.ThrowIfNull(pitches);
        if (pitches.Count == 0) return "[]";
        var width = pitches.Max(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        width = Math.Max(width, pitches.Min().ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        const int lineWidth = 75;
        // Elements are laid out on lines that start with a one-character hanging indent (replaced by
        // '[' on the first line); a word wraps when the line would exceed lineWidth − len("]").
        const int elementWidth = lineWidth - 1;
        var s = new StringBuilder();
        var line = new StringBuilder(" ");
        for (var i = 0; i < pitches.Count; i++)
        {
            var word = pitches[i].ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width);
            if (line.Length + word.Length > elementWidth && line.Length > 1)
            {
                s.Append(line.ToString().TrimEnd()).Append('\n');
                line.Clear().Append(' ');
            }
            line.Append(word);
            if (i < pitches.Count - 1) line.Append(' ');
        }
        s.Append(line);
        return "[" + s.ToString(1, s.Length - 1) + "]";
    }

    /// <summary>Pitches of a token: "e" → none; otherwise strip brackets, split on white space, skip
    /// blanks, parse ints (the paper's decoder).</summary>
    public static int[] ParseToken(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token == Empty) return [];
        return token.Trim('[', ']').Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(w => int.Parse(w, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    public override string ToString() => $"ChordSetTokenizer(vocabulary={Vocabulary.Count})";
}
