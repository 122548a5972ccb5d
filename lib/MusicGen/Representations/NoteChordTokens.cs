using System.Globalization;
using MusicGen.Midi;

namespace MusicGen.Representations;

/// <summary>
/// music21-style note and chord string tokens (Medisetty 2021 / Classical-Piano-Composer,
/// SOURCES.md §1.1), written without music21:
/// <list type="bullet">
/// <item>a single note → its name with octave, spelled as music21 spells a pitch made from a
/// MIDI number (<c>pitch._convertPsToStep</c>): C, C#, D, E-, E, F, F#, G, G#, A, B-, B — sharps
/// for C#/F#/G#, flats for E-/B- ('-' is music21's flat); octave = pitch / 12 − 1, so 60 = C4.
/// music21 may respell with key context; its MIDI import does not, so neither do we.</item>
/// <item>notes with the same onset → one chord token: the pitch-class normal order
/// (<see cref="NormalOrder"/>) joined with '.', e.g. "4.9", "10.0.3"; a chord of one pitch
/// class (octaves) → a bare digit such as "4".</item>
/// </list>
/// Onsets are grouped when they lie within <c>onsetTolerance</c> seconds of the group's first
/// onset (music21 quantizes onsets on import; seconds-based files need a tolerance instead).
/// </summary>
public static class NoteChordTokens
{
    /// <summary>music21's name of MIDI <paramref name="pitch"/>, e.g. 60 → "C4", 70 → "B-4", 66 → "F#4"
    /// (<see cref="PitchNames.Music21Name"/>).</summary>
    public static string NoteName(int pitch) => PitchNames.Music21Name(pitch);

    /// <summary>MIDI number of a name with octave ("C4", "B-3", "F#4"; '-'/'b' flat, '#' sharp, repeatable).
    /// Like music21, "C-1" means C-flat 1, so names of MIDI 0–11 (octave −1) do not read back.</summary>
    public static int ParseNoteName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var i = 0;
        if (name.Length == 0) throw new FormatException("empty note name.");
        var step = char.ToUpperInvariant(name[i++]) switch
        {
            'C' => 0, 'D' => 2, 'E' => 4, 'F' => 5, 'G' => 7, 'A' => 9, 'B' => 11,
            _ => throw new FormatException($"'{name}' is not a note name."),
        };
        var alter = 0;
        // music21 spelling: '#' sharp, '-' flat (also 'b'); so "C-1" reads as C-flat 1, as in music21.
        while (i < name.Length && name[i] is '#' or '-' or 'b')
            alter += name[i++] == '#' ? 1 : -1;
        if (!int.TryParse(name.AsSpan(i), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var octave))
            throw new FormatException($"'{name}' has no octave.");
        var midi = (octave + 1) * 12 + step + alter;
        return (uint)midi <= 127 ? midi : throw new FormatException($"'{name}' is outside MIDI 0–127.");
    }

    /// <summary>
    /// Forte normal order of the pitch classes of <paramref name="pitches"/> as music21's
    /// <c>Chord.normalOrder</c> returns it: the rotation of the ascending pitch-class set with the
    /// smallest span (last − first mod 12); ties broken by the smallest interval from the first
    /// element to the second, then to the third, … (Forte 1973, "packed to the left"); rotations
    /// still tied (transpositionally symmetric sets) → the one starting on the lowest pitch class.
    /// Not transposed to 0. Empty input → empty.
    /// </summary>
    public static int[] NormalOrder(IEnumerable<int> pitches)
    {
        ArgumentNullException.ThrowIfNull(pitches);
        var pcs = pitches.Select(p => ((p % 12) + 12) % 12).Distinct().Order().ToArray();
        var n = pcs.Length;
        if (n <= 1) return pcs;
        var best = 0;
        for (var r = 1; r < n; r++)
            if (CompareRotations(pcs, r, best) < 0) best = r;
        var result = new int[n];
        for (var k = 0; k < n; k++) result[k] = pcs[(best + k) % n];
        return result;
    }

    // Span first, then first→second, first→third, …; equal patterns keep the earlier (lower) start.
    private static int CompareRotations(int[] pcs, int a, int b)
    {
        var n = pcs.Length;
        int Interval(int rot, int k) => (pcs[(rot + k) % n] - pcs[rot] + 12) % 12;
        var c = Interval(a, n - 1).CompareTo(Interval(b, n - 1));
        for (var k = 1; c == 0 && k < n - 1; k++) c = Interval(a, k).CompareTo(Interval(b, k));
        return c;
    }

    /// <summary>The token of notes sounding together: a note name for one pitch, else the
    /// '.'-joined normal order (a bare digit for one pitch class).</summary>
    public static string ChordToken(IReadOnlyCollection<int> pitches)
    {
        ArgumentNullException.ThrowIfNull(pitches);
        if (pitches.Count == 0) throw new ArgumentException("a token needs at least one pitch.", nameof(pitches));
        if (pitches.Count == 1) return NoteName(pitches.First());
        return string.Join('.', NormalOrder(pitches).Select(p => p.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>Tokens of <paramref name="notes"/> in onset order, simultaneous onsets → one chord token.</summary>
    public static List<string> FromNotes(IEnumerable<Note> notes, double onsetTolerance = 1e-3)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var sorted = notes.OrderBy(n => n.Start).ThenBy(n => n.Pitch).ToList();
        var tokens = new List<string>();
        var group = new List<int>();
        var groupStart = double.NaN;
        foreach (var n in sorted)
        {
            if (group.Count > 0 && n.Start - groupStart > onsetTolerance)
            {
                tokens.Add(ChordToken(group));
                group.Clear();
            }
            if (group.Count == 0) groupStart = n.Start;
            group.Add(n.Pitch);
        }
        if (group.Count > 0) tokens.Add(ChordToken(group));
        return tokens;
    }

    /// <summary>
    /// Tokens of a song's first part as Classical-Piano-Composer reads it (<c>partitionByInstrument</c>
    /// then <c>parts[0]</c>): every non-drum instrument with the same program as the first non-drum
    /// instrument (music21 merges parts of one instrument, e.g. both piano hands).
    /// </summary>
    public static List<string> FromSong(MidiSong song, double onsetTolerance = 1e-3)
    {
        ArgumentNullException.ThrowIfNull(song);
        var first = song.Instruments.FirstOrDefault(i => !i.IsDrum && i.Notes.Count > 0);
        if (first is null) return new List<string>();
        var notes = song.Instruments.Where(i => !i.IsDrum && i.Program == first.Program).SelectMany(i => i.Notes);
        return FromNotes(notes, onsetTolerance);
    }

    /// <summary>
    /// Tokens → notes as <c>predict.py</c> writes them (§1.5): token k starts at k·<paramref name="stepSeconds"/>
    /// (0.5 quarter at 120 bpm = 0.25 s) and lasts <paramref name="durationSeconds"/> (a quarter, 0.5 s);
    /// a chord token's pitch classes sound in octave 4 (MIDI 60–71); a note token keeps its octave.
    /// </summary>
    public static List<Note> ToNotes(IEnumerable<string> tokens, double stepSeconds = 0.25, double durationSeconds = 0.5, int velocity = 100)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var notes = new List<Note>();
        var k = 0;
        foreach (var token in tokens)
        {
            var start = k++ * stepSeconds;
            if (IsChordToken(token))
                foreach (var pc in token.Split('.'))
                    notes.Add(new Note(60 + int.Parse(pc, CultureInfo.InvariantCulture), velocity, start, start + durationSeconds));
            else
                notes.Add(new Note(ParseNoteName(token), velocity, start, start + durationSeconds));
        }
        return notes;
    }

    /// <summary>A token containing '.' or made only of digits is a chord (predict.py's test).</summary>
    public static bool IsChordToken(string token) =>
        token.Contains('.') || (token.Length > 0 && token.All(char.IsDigit));
}
