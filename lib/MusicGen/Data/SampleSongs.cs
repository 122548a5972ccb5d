using MusicGen.Midi;
using MusicGen.Representations;

namespace MusicGen.Data;

/// <summary>
/// The small sample in <c>data/sample/</c>, written by us: five short tunes written out note by
/// note (traditional or public domain; these arrangements are our own) and five longer pieces
/// composed by <see cref="SampleComposer"/>'s rules with fixed seeds (1–2 minutes each, so that every
/// notebook's windows fit: the notes-and-chords model reads 100 tokens and generates 200 more).
/// The files there are this class's songs written with <c>MidiFile.FromSong</c> (tests check they
/// agree). Every song has a fixed tempo; most have two hands named "Piano right" / "Piano left" so
/// the right-hand melody extraction and the chord tokenizers have something to do.
/// </summary>
public static class SampleSongs
{
    /// <summary>File stem → song, in file order.</summary>
    public static IReadOnlyList<(string Name, MidiSong Song)> All() =>
    [
        ("ode-to-joy", OdeToJoy()),
        ("twinkle-twinkle", TwinkleTwinkle()),
        ("frere-jacques-round", FrereJacquesRound()),
        ("chorale-in-c", ChoraleInC()),
        ("waltz-in-g", WaltzInG()),
        ("minuet-in-g", MinuetInG()),
        ("etude-in-a-minor", EtudeInAMinor()),
        ("march-in-d", MarchInD()),
        ("hymn-in-f", HymnInF()),
        ("nocturne-in-e-minor", NocturneInEMinor()),
    ];

    /// <summary>A minuet in G major (3/4, 126 bpm), form AABBA: melody over bass-chord-chord.</summary>
    public static MidiSong MinuetInG() => Composed(126, 3, 7, new SampleComposer.Piece(7, false, 3, 3, SampleComposer.Texture.OomPah, "AABBA",
        new Dictionary<char, string> { ['A'] = "I IV V I vi ii V I", ['B'] = "V I V vi IV I ii V" }, Seed: 11, Low: 62, High: 76));

    /// <summary>An étude in A minor (4/4, 96 bpm), form AABBA: a slow melody over broken chords in
    /// eighth notes. The longest sample piece (about 360 note/chord tokens).</summary>
    public static MidiSong EtudeInAMinor() => Composed(96, 4, 21, new SampleComposer.Piece(9, true, 4, 4, SampleComposer.Texture.Arpeggio, "AABBA",
        new Dictionary<char, string> { ['A'] = "i iv V7 i VI iv V i", ['B'] = "iv VII III VI ii V i V" }, Seed: 12, Low: 64, High: 81));

    /// <summary>A march in D major (4/4, 112 bpm), form AABA: a chord every two beats, bass on 1 and 3.</summary>
    public static MidiSong MarchInD() => Composed(112, 4, 2, new SampleComposer.Piece(2, false, 4, 2, SampleComposer.Texture.OomPah, "AABA",
        new Dictionary<char, string> { ['A'] = "I IV I V I IV V I vi ii V I IV V I I", ['B'] = "V I V vi ii V I V IV I ii V I vi ii V" },
        Seed: 13, Low: 62, High: 79));

    /// <summary>A hymn in F major (4/4, 80 bpm), form AABA, in four parts: soprano and alto in the
    /// right hand, tenor and bass in the left, a new chord every two beats.</summary>
    public static MidiSong HymnInF() => Composed(80, 4, 5, new SampleComposer.Piece(5, false, 4, 2, SampleComposer.Texture.Chorale, "AABA",
        new Dictionary<char, string> { ['A'] = "I IV I V vi ii V I IV I ii V I IV V I", ['B'] = "vi iii IV I ii V I vi IV V iii vi ii I V V" },
        Seed: 14, Low: 65, High: 77));

    /// <summary>A nocturne in E minor (3/4, 72 bpm), form AABA: melody over an Alberti-style left hand.</summary>
    public static MidiSong NocturneInEMinor() => Composed(72, 3, 16, new SampleComposer.Piece(4, true, 3, 3, SampleComposer.Texture.Alberti, "AABA",
        new Dictionary<char, string> { ['A'] = "i iv V i VI iv V i", ['B'] = "III VII i V VI ii V V" }, Seed: 15, Low: 64, High: 79));

    private static MidiSong Composed(double bpm, int beatsPerBar, int keyNumber, SampleComposer.Piece piece)
    {
        var (right, left) = SampleComposer.Compose(piece);
        return Song(bpm, beatsPerBar, keyNumber, ("Piano right", right, 84), ("Piano left", left, 60));
    }

    /// <summary>Beethoven's "Ode to Joy" melody (D major, 4/4, 120 bpm), right hand, over a
    /// left hand of half-note fifths.</summary>
    public static MidiSong OdeToJoy()
    {
        const string a = "F#4:1 F#4:1 G4:1 A4:1 A4:1 G4:1 F#4:1 E4:1 D4:1 D4:1 E4:1 F#4:1";
        const string bar4a = "F#4:1.5 E4:0.5 E4:2";
        const string bar4b = "E4:1.5 D4:0.5 D4:2";
        const string middle = "E4:1 E4:1 F#4:1 D4:1 E4:1 F#4:0.5 G4:0.5 F#4:1 D4:1 E4:1 F#4:0.5 G4:0.5 F#4:1 E4:1 D4:1 E4:1 A3:2";
        var right = $"{a} {bar4a} {a} {bar4b} {middle} {a} {bar4b}";
        // One harmony per bar (16 bars), as half-note fifths.
        string[] bass = ["D3", "A2", "D3", "A2", "D3", "A2", "D3", "A2", "A2", "D3", "A2", "A2", "D3", "A2", "D3", "D3"];
        var left = string.Join(' ', bass.Select(b => $"{b}+{Up(b, 7)}:2 {b}+{Up(b, 7)}:2"));
        return Song(120, 4, 2, ("Piano right", right, 92), ("Piano left", left, 64));
    }

    /// <summary>"Twinkle, Twinkle, Little Star" (C major, 4/4, 110 bpm), melody only, one track.</summary>
    public static MidiSong TwinkleTwinkle()
    {
        const string x = "C4:1 C4:1 G4:1 G4:1 A4:1 A4:1 G4:2 F4:1 F4:1 E4:1 E4:1 D4:1 D4:1 C4:2";
        const string y = "G4:1 G4:1 F4:1 F4:1 E4:1 E4:1 D4:2";
        return Song(110, 4, 0, ("Melody", $"{x} {y} {y} {x}", 80));
    }

    /// <summary>"Frère Jacques" (F major, 4/4, 120 bpm) as a two-voice round: the second voice
    /// enters two bars later, an octave lower.</summary>
    public static MidiSong FrereJacquesRound()
    {
        const string tune = "F4:1 G4:1 A4:1 F4:1 F4:1 G4:1 A4:1 F4:1 A4:1 B-4:1 C5:2 A4:1 B-4:1 C5:2 "
                          + "C5:0.5 D5:0.5 C5:0.5 B-4:0.5 A4:1 F4:1 C5:0.5 D5:0.5 C5:0.5 B-4:0.5 A4:1 F4:1 "
                          + "F4:1 C4:1 F4:2 F4:1 C4:1 F4:2";
        var lower = string.Join(' ', tune.Split(' ').Select(t => Transpose(t, -12)));
        return Song(120, 4, 5, ("Voice 1", tune, 84), ("Voice 2", "r:8 " + lower, 72));
    }

    /// <summary>A four-part chorale-like progression in C major (4/4, 80 bpm): soprano and alto in
    /// the right hand, tenor and bass in the left, so most onsets are four-note chords.</summary>
    public static MidiSong ChoraleInC()
    {
        // (bass, tenor, alto, soprano, beats)
        (string B, string T, string A, string S, double Beats)[] chords =
        [
            ("C3", "G3", "E4", "C5", 1), ("F3", "A3", "F4", "C5", 1), ("G3", "B3", "D4", "G4", 1), ("C3", "G3", "E4", "C5", 1),
            ("A2", "A3", "E4", "C5", 1), ("D3", "A3", "F4", "D5", 1), ("G2", "B3", "D4", "G4", 2),
            ("C3", "G3", "E4", "G4", 1), ("E3", "G3", "E4", "B4", 1), ("F3", "A3", "F4", "C5", 1), ("D3", "A3", "F4", "D5", 1),
            ("G3", "B3", "D4", "D5", 1), ("G2", "B3", "F4", "D5", 1), ("C3", "G3", "E4", "C5", 2),
            ("A2", "E3", "C4", "A4", 1), ("E3", "B3", "E4", "G#4", 1), ("A2", "E3", "C4", "A4", 1), ("F3", "A3", "C4", "F4", 1),
            ("D3", "A3", "D4", "F4", 1), ("G3", "B3", "D4", "G4", 1), ("C3", "G3", "C4", "E4", 2),
            ("F3", "A3", "C4", "F4", 1), ("G3", "B3", "D4", "G4", 1), ("E3", "G3", "C4", "E4", 1), ("A2", "A3", "C4", "E4", 1),
            ("D3", "A3", "D4", "F4", 1), ("G2", "G3", "B3", "D4", 1), ("C3", "G3", "C4", "E4", 2),
        ];
        var right = string.Join(' ', chords.Select(c => $"{c.A}+{c.S}:{c.Beats}"));
        var left = string.Join(' ', chords.Select(c => $"{c.B}+{c.T}:{c.Beats}"));
        return Song(80, 4, 0, ("Piano right", right, 76), ("Piano left", left, 66));
    }

    /// <summary>A small waltz in G (3/4, 132 bpm): right-hand melody over an oom-pah-pah left hand,
    /// with the sustain pedal pressed at each bar line and released just before the next.</summary>
    public static MidiSong WaltzInG()
    {
        const string melody = "B4:2 D5:1 G5:2 F#5:1 E5:1 D5:1 C5:1 B4:3 A4:2 B4:1 C5:2 E5:1 D5:1 C5:1 A4:1 G4:3 "
                            + "B4:2 D5:1 G5:2 B5:1 A5:1 G5:1 E5:1 D5:3 C5:1 E5:1 A5:1 G5:1 F#5:1 A5:1 G5:3 G4:3";
        string[] roots = ["G2", "G2", "C3", "G2", "D3", "C3", "D3", "G2", "G2", "G2", "C3", "G2", "A2", "D3", "D3", "G2"];
        string[] chords = ["B3+D4", "B3+D4", "E4+G4", "B3+D4", "F#3+A3", "E3+G3", "F#3+C4", "B3+D4",
                           "B3+D4", "B3+D4", "E4+G4", "B3+D4", "E3+G3", "F#3+A3", "F#3+C4", "B3+D4"];
        var left = string.Join(' ', roots.Select((r, i) => $"{r}:1 {chords[i]}:1 {chords[i]}:1"));
        var song = Song(132, 3, 7, ("Piano right", melody, 84), ("Piano left", left, 58));
        var beat = 60.0 / 132;
        var pedal = song.Instruments[1].ControlChanges;
        for (var bar = 0; bar < roots.Length; bar++)
        {
            pedal.Add(new ControlChange(ControlChange.SustainPedal, 127, (bar * 3 + 0.05) * beat));
            pedal.Add(new ControlChange(ControlChange.SustainPedal, 0, (bar * 3 + 2.9) * beat));
        }
        return song;
    }

    /// <summary>
    /// The tiny polyphonic split (<c>data/sample/sample-split.json</c>, same layout as
    /// <c>jsb-chorales-quarter.json</c>): every song sampled at quarter-note steps; train = each
    /// song at transpositions 0, +2, −2; valid = +1; test = −1. A smoke-test stand-in for the
    /// benchmarks, not a benchmark: the splits share tunes.
    /// </summary>
    public static PianoRollDataset BuildSplit()
    {
        List<List<int[]>> Pieces(params int[] transpositions) =>
            All().SelectMany(s => transpositions.Select(k => PianoRollDataset.StepsFromSong(s.Song, 60.0 / s.Song.TempoChanges[0].Bpm, k))).ToList();
        return new PianoRollDataset("sample", Pieces(0, 2, -2), Pieces(1), Pieces(-1));
    }

    /// <summary>
    /// A song from voices written as "NAME[+NAME…]:BEATS" words ("r" = rest), one instrument
    /// (program 0) per voice, at a fixed <paramref name="bpm"/>; notes are held 95 % of their
    /// written length so repeated notes are re-attacked.
    /// </summary>
    private static MidiSong Song(double bpm, int beatsPerBar, int keyNumber /* pretty_midi: 0–11 major, 12–23 minor */, params (string Name, string Voice, int Velocity)[] voices)
    {
        var song = new MidiSong(480);
        song.TempoChanges.Add(new TempoChange(0, bpm));
        song.TimeSignatures.Add(new TimeSignature(beatsPerBar, 4, 0));
        song.KeySignatures.Add(new KeySignature(keyNumber, 0));
        var secondsPerBeat = 60.0 / bpm;
        foreach (var (name, voice, velocity) in voices)
        {
            var inst = new Instrument(0, name: name, channel: song.Instruments.Count);
            double beat = 0;
            foreach (var word in voice.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var colon = word.LastIndexOf(':');
                var beats = double.Parse(word[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture);
                var pitches = word[..colon];
                if (pitches != "r")
                    foreach (var p in pitches.Split('+'))
                        inst.Notes.Add(new Note(NoteChordTokens.ParseNoteName(p), velocity,
                            Math.Round(beat * secondsPerBeat, 6), Math.Round((beat + 0.95 * beats) * secondsPerBeat, 6)));
                beat += beats;
            }
            song.Instruments.Add(inst);
        }
        return song;
    }

    private static string Up(string note, int semitones) =>
        NoteChordTokens.NoteName(NoteChordTokens.ParseNoteName(note) + semitones);

    private static string Transpose(string word, int semitones)
    {
        var colon = word.LastIndexOf(':');
        var pitches = word[..colon];
        if (pitches == "r") return word;
        return string.Join('+', pitches.Split('+').Select(p => Up(p, semitones))) + word[colon..];
    }
}
