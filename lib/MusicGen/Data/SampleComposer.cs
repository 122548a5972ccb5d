using MusicGen.Representations;

namespace MusicGen.Data;

/// <summary>
/// The small rule-based composer behind the longer sample pieces (<see cref="SampleSongs"/>): a
/// chord progression in Roman numerals, a melody drawn with a fixed seed (chord tones on the beats,
/// scale steps between them, a long tonic at each phrase end) and one of a few textbook accompaniment
/// patterns. Nothing here is taken from a piece of music: the progressions are common-practice
/// cadence formulas and the output is whatever these rules and seeds produce. Its output is text in
/// the "NAME[+NAME…]:BEATS" voice format of <see cref="SampleSongs"/> (right hand, left hand).
/// </summary>
internal static class SampleComposer
{
    /// <summary>How the left hand (and, for <see cref="Chorale"/>, the inner voices) plays each chord.</summary>
    internal enum Texture { OomPah, Block, Alberti, Arpeggio, Chorale }

    /// <summary>A piece to compose. <paramref name="Phrases"/> maps a section letter to its chords
    /// (Roman numerals, each lasting <paramref name="ChordBeats"/>); <paramref name="Form"/> orders the
    /// sections (e.g. "AABA"); the melody lies in [<paramref name="Low"/>, <paramref name="High"/>].</summary>
    internal sealed record Piece(int TonicPitchClass, bool Minor, int BeatsPerBar, int ChordBeats, Texture Texture,
        string Form, IReadOnlyDictionary<char, string> Phrases, ulong Seed, int Low, int High);

    private static readonly int[] MajorSteps = [0, 2, 4, 5, 7, 9, 11];
    private static readonly int[] MinorSteps = [0, 2, 3, 5, 7, 8, 10];   // natural minor; V and vii° raise the 7th

    /// <summary>Right- and left-hand voices of <paramref name="piece"/>. A section letter is composed
    /// once, so a repeated letter repeats its music exactly (as written-out repeats do).</summary>
    public static (string Right, string Left) Compose(Piece piece)
    {
        var right = new List<string>();
        var left = new List<string>();
        var composed = new Dictionary<char, (List<string> R, List<string> L)>();
        var rng = new SplitMix(piece.Seed);
        int previous = (piece.Low + piece.High) / 2;
        foreach (var letter in piece.Form)
        {
            if (!composed.TryGetValue(letter, out var section))
                composed[letter] = section = ComposeSection(piece, piece.Phrases[letter], rng, ref previous);
            right.AddRange(section.R);
            left.AddRange(section.L);
        }
        return (string.Join(' ', right), string.Join(' ', left));
    }

    private static (List<string> R, List<string> L) ComposeSection(Piece piece, string progression, SplitMix rng, ref int previous)
    {
        var chords = progression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(c => ChordPitchClasses(piece, c)).ToList();
        int beats = chords.Count * piece.ChordBeats;
        if (beats % piece.BeatsPerBar != 0) throw new ArgumentException($"progression '{progression}' does not fill whole bars");
        int bars = beats / piece.BeatsPerBar;
        int[] ChordAt(double beat) => chords[Math.Min(chords.Count - 1, (int)(beat / piece.ChordBeats))];

        // Melody: one rhythm per bar; the last bar ends on a long tonic (or the last chord's root).
        var melody = new List<(int Pitch, double Start, double Beats)>();
        for (int bar = 0; bar < bars; bar++)
        {
            bool last = bar == bars - 1;
            var rhythm = piece.Texture == Texture.Chorale ? ChoraleRhythm(piece.BeatsPerBar, last, rng) : Rhythm(piece.BeatsPerBar, last, rng);
            double at = bar * piece.BeatsPerBar;
            foreach (var length in rhythm)
            {
                var chord = ChordAt(at);
                bool strong = Math.Abs(at - Math.Round(at)) < 1e-9;
                int pitch;
                if (last && Math.Abs(at + length - (bar + 1) * piece.BeatsPerBar) < 1e-9)
                    pitch = Nearest(Range(piece.Low, piece.High).Where(p => Mod(p) == chord[0]), previous);
                else if (strong || piece.Texture == Texture.Chorale)
                {
                    // One of the three nearest chord tones; repeating the last pitch only when nothing else is near.
                    int from = previous;
                    var tones = Range(piece.Low, piece.High).Where(p => chord.Contains(Mod(p)))
                        .OrderBy(p => p == from ? 7 : Math.Abs(p - from)).ToList();
                    pitch = tones[Math.Min(tones.Count - 1, rng.Next(3))];
                }
                else
                {
                    var scale = Range(piece.Low, piece.High).Where(p => InScale(piece, chord, p)).ToList();
                    int i = scale.IndexOf(Nearest(scale, previous));
                    int step = rng.Next(2) == 0 ? -1 : 1;
                    if (i + step < 0 || i + step >= scale.Count) step = -step;
                    pitch = scale[i + step];
                }
                melody.Add((pitch, at, length));
                previous = pitch;
                at += length;
            }
        }
        return (RightHand(piece, melody, ChordAt), LeftHand(piece, bars, ChordAt));
    }

    private static List<string> RightHand(Piece piece, List<(int Pitch, double Start, double Beats)> melody, Func<double, int[]> chordAt)
    {
        if (piece.Texture != Texture.Chorale) return melody.Select(m => $"{Name(m.Pitch)}:{m.Beats}").ToList();
        // Chorale: an alto under every soprano note, the highest chord tone at least a third below it.
        return melody.Select(m =>
        {
            var chord = chordAt(m.Start);
            int alto = Enumerable.Range(m.Pitch - 9, 7).Reverse().First(p => chord.Contains(Mod(p)) && p <= m.Pitch - 3);
            return $"{Name(alto)}+{Name(m.Pitch)}:{m.Beats}";
        }).ToList();
    }

    private static List<string> LeftHand(Piece piece, int bars, Func<double, int[]> chordAt)
    {
        var words = new List<string>();
        for (double beat = 0; beat < bars * piece.BeatsPerBar; beat += piece.ChordBeats)
        {
            var chord = chordAt(beat);
            int bass = Range(40, 51).First(p => Mod(p) == chord[0]);            // E2–E♭3
            var upper = Voicing(chord, 52);                                       // close position from E3
            string Chord(IEnumerable<int> ps) => string.Join('+', ps.Select(Name));
            for (int b = 0; b < piece.ChordBeats; b++)
            {
                bool downbeat = (beat + b) % piece.BeatsPerBar == 0;
                switch (piece.Texture)
                {
                    case Texture.OomPah:
                        words.Add(downbeat || (piece.BeatsPerBar == 4 && (beat + b) % 2 == 0) ? $"{Name(bass)}:1" : $"{Chord(upper)}:1");
                        break;
                    case Texture.Block:
                        words.Add(downbeat ? $"{Name(bass)}+{Chord(upper)}:1" : $"{Chord(upper)}:1");
                        break;
                    case Texture.Alberti:                                         // low, high, middle, high
                        words.Add($"{Name(b % 2 == 0 ? bass : upper[1])}:0.5");
                        words.Add($"{Name(upper[2])}:0.5");
                        break;
                    case Texture.Arpeggio:                                        // up and back: bass, chord, octave
                        var arp = new[] { bass, upper[0], upper[1], upper[2] };
                        words.Add($"{Name(arp[b % 2 == 0 ? 0 : 2])}:0.5");
                        words.Add($"{Name(arp[b % 2 == 0 ? 1 : 3])}:0.5");
                        break;
                    case Texture.Chorale:                                         // bass + tenor under every beat
                        words.Add($"{Name(bass)}+{Name(upper[b % 2 == 0 ? 0 : 1])}:1");
                        break;
                }
            }
        }
        return words;
    }

    /// <summary>One bar's note lengths in beats: varied figures, and a long closing note in the last bar.</summary>
    private static double[] Rhythm(int beatsPerBar, bool last, SplitMix rng)
    {
        double[][] figures = beatsPerBar switch
        {
            3 => [[1, 1, 1], [2, 1], [1, 0.5, 0.5, 1], [0.5, 0.5, 1, 1], [1.5, 0.5, 1]],
            2 => [[1, 1], [0.5, 0.5, 1], [1.5, 0.5], [0.5, 0.5, 0.5, 0.5]],
            _ => [[1, 1, 1, 1], [2, 1, 1], [1, 0.5, 0.5, 1, 1], [0.5, 0.5, 0.5, 0.5, 2], [1.5, 0.5, 1, 1], [1, 1, 0.5, 0.5, 1]],
        };
        if (last) return beatsPerBar == 4 ? [1, 1, 2] : beatsPerBar == 3 ? [1, 2] : [0.5, 1.5];
        return figures[rng.Next(figures.Length)];
    }

    /// <summary>A hymn tune moves in quarter notes, with a half note now and then and at the end.</summary>
    private static double[] ChoraleRhythm(int beatsPerBar, bool last, SplitMix rng) =>
        last ? [.. Enumerable.Repeat(1.0, beatsPerBar - 2), 2.0]
             : rng.Next(4) == 0 ? [.. Enumerable.Repeat(1.0, beatsPerBar - 2), 2.0] : [.. Enumerable.Repeat(1.0, beatsPerBar)];

    /// <summary>Pitch classes of a Roman-numeral chord (root first): "I", "ii", "V7", "iv", "VI".</summary>
    private static int[] ChordPitchClasses(Piece piece, string numeral)
    {
        bool seventh = numeral.EndsWith('7');
        var roman = numeral.TrimEnd('7').ToUpperInvariant();
        int degree = Array.IndexOf(["I", "II", "III", "IV", "V", "VI", "VII"], roman);
        if (degree < 0) throw new ArgumentException($"unknown chord '{numeral}'");
        var pcs = Enumerable.Range(0, seventh ? 4 : 3).Select(k => ScalePitchClass(piece, degree + 2 * k, degree)).ToArray();
        return pcs;
    }

    private static int ScalePitchClass(Piece piece, int degree, int chordRoot)
    {
        var steps = piece.Minor ? MinorSteps : MajorSteps;
        int pc = piece.TonicPitchClass + steps[degree % 7];
        if (piece.Minor && degree % 7 == 6 && (chordRoot == 4 || chordRoot == 6)) pc++;   // harmonic minor's leading tone
        return Mod(pc);
    }

    private static bool InScale(Piece piece, int[] chord, int pitch)
    {
        // In minor the 7th degree is raised exactly when the chord holds the leading tone (V, vii°).
        int rel = Mod(pitch - piece.TonicPitchClass);
        if (piece.Minor && rel is 10 or 11)
            return chord.Contains(Mod(piece.TonicPitchClass + 11)) == (rel == 11);
        return (piece.Minor ? MinorSteps : MajorSteps).Contains(rel);
    }

    /// <summary>The chord's pitch classes stacked upward from <paramref name="low"/> (three notes).</summary>
    private static int[] Voicing(int[] chord, int low)
    {
        var wanted = chord.Length == 4 ? new[] { chord[1], chord[2], chord[3] } : chord;
        return Range(low, low + 12).Where(p => wanted.Contains(Mod(p))).Take(3).ToArray();
    }

    private static IEnumerable<int> Range(int low, int high) => Enumerable.Range(low, high - low + 1);
    private static int Nearest(IEnumerable<int> pitches, int target) => pitches.OrderBy(p => Math.Abs(p - target)).ThenBy(p => p).First();
    private static int Mod(int pitch) => ((pitch % 12) + 12) % 12;
    private static string Name(int pitch) => NoteChordTokens.NoteName(pitch);

    /// <summary>SplitMix64: a fixed generator, so the files never change with the runtime's Random.</summary>
    private sealed class SplitMix(ulong seed)
    {
        private ulong _state = seed;

        public int Next(int n)
        {
            ulong z = _state += 0x9E3779B97F4A7C15;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return (int)((z ^ (z >> 31)) % (ulong)n);
        }
    }
}
