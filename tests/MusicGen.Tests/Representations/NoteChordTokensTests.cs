using MusicGen.Midi;
using MusicGen.Representations;

namespace MusicGen.Tests.Representations;

/// <summary>music21-style tokens (SOURCES.md §1.1) without music21: names, Forte normal order.</summary>
public class NoteChordTokensTests
{
    [Theory]
    [InlineData(60, "C4")]
    [InlineData(61, "C#4")]
    [InlineData(63, "E-4")]
    [InlineData(64, "E4")]
    [InlineData(66, "F#4")]
    [InlineData(68, "G#4")]
    [InlineData(70, "B-4")]
    [InlineData(58, "B-3")]
    [InlineData(21, "A0")]
    [InlineData(127, "G9")]
    [InlineData(0, "C-1")]
    public void Note_names_follow_music21s_default_spelling(int pitch, string name)
    {
        Assert.Equal(name, NoteChordTokens.NoteName(pitch));
    }

    [Fact]
    public void Note_names_read_back()
    {
        for (var p = 12; p < 128; p++) Assert.Equal(p, NoteChordTokens.ParseNoteName(NoteChordTokens.NoteName(p)));
        Assert.Equal(61, NoteChordTokens.ParseNoteName("D-4"));
        Assert.Equal(70, NoteChordTokens.ParseNoteName("Bb4"));
        Assert.Throws<FormatException>(() => NoteChordTokens.ParseNoteName("H4"));
        Assert.Throws<FormatException>(() => NoteChordTokens.ParseNoteName("C"));
    }

    [Theory]
    // music21 Chord.normalOrder doctests (chord/__init__.py).
    [InlineData(new[] { 60, 63, 67 }, new[] { 0, 3, 7 })]
    [InlineData(new[] { 60, 64, 67 }, new[] { 0, 4, 7 })]
    [InlineData(new[] { 62, 66, 69 }, new[] { 2, 6, 9 })]
    [InlineData(new[] { 70, 74, 77 }, new[] { 10, 2, 5 })]
    [InlineData(new[] { 44, 45, 50, 55 }, new[] { 7, 8, 9, 2 })]
    [InlineData(new[] { 55, 62, 68, 69, 72, 76 }, new[] { 7, 8, 9, 0, 2, 4 })]
    [InlineData(new[] { 53, 57, 61 }, new[] { 1, 5, 9 })]
    [InlineData(new[] { 83, 67, 74, 75, 86 }, new[] { 11, 2, 3, 7 })]
    // Symmetric sets: the lowest starting pitch class wins.
    [InlineData(new[] { 64, 68, 72 }, new[] { 0, 4, 8 })]
    [InlineData(new[] { 63, 66, 69, 72 }, new[] { 0, 3, 6, 9 })]
    public void Normal_order_matches_music21(int[] pitches, int[] expected)
    {
        Assert.Equal(expected, NoteChordTokens.NormalOrder(pitches));
    }

    /// <summary>Forte's (1973) prime forms, cardinalities 3 and 4 (as music21's chord tables list
    /// them): each is its own normal order, so the tie-break is Forte's left-packing, not Rahn's
    /// (which differs e.g. for 5-20, checked separately).</summary>
    [Fact]
    public void Forte_prime_forms_are_their_own_normal_order()
    {
        int[][] primes =
        [
            [0, 1, 2], [0, 1, 3], [0, 1, 4], [0, 1, 5], [0, 1, 6], [0, 2, 4], [0, 2, 5], [0, 2, 6], [0, 2, 7], [0, 3, 6], [0, 3, 7], [0, 4, 8],
            [0, 1, 2, 3], [0, 1, 2, 4], [0, 1, 3, 4], [0, 1, 2, 5], [0, 1, 2, 6], [0, 1, 2, 7], [0, 1, 4, 5], [0, 1, 5, 6], [0, 1, 6, 7],
            [0, 2, 3, 5], [0, 1, 3, 5], [0, 2, 3, 6], [0, 1, 3, 6], [0, 2, 3, 7], [0, 1, 4, 6], [0, 1, 5, 7], [0, 3, 4, 7], [0, 1, 4, 7],
            [0, 1, 4, 8], [0, 1, 5, 8], [0, 2, 4, 6], [0, 2, 4, 7], [0, 2, 5, 7], [0, 2, 4, 8], [0, 2, 6, 8], [0, 3, 5, 8], [0, 2, 5, 8],
            [0, 3, 6, 9], [0, 1, 3, 7],
            [0, 1, 3, 7, 8], // 5-20: Rahn's rule would give 7.8.0.1.3
        ];
        foreach (var p in primes)
            Assert.Equal(p, NoteChordTokens.NormalOrder(p.Select(x => x + 48)));
    }

    [Fact]
    public void Chord_tokens_join_the_normal_order_and_octaves_give_a_bare_digit()
    {
        Assert.Equal("4.9", NoteChordTokens.ChordToken(new[] { 64, 69 }));
        Assert.Equal("10.0.3", NoteChordTokens.ChordToken(new[] { 58, 60, 63 }));
        Assert.Equal("11.2.4", NoteChordTokens.ChordToken(new[] { 59, 62, 64 }));
        Assert.Equal("4", NoteChordTokens.ChordToken(new[] { 52, 64 }));
        Assert.Equal("E4", NoteChordTokens.ChordToken(new[] { 64 }));
    }

    [Fact]
    public void Simultaneous_onsets_form_chords_in_onset_order()
    {
        var notes = new[]
        {
            new Note(64, 80, 0.0, 0.5), new Note(69, 80, 0.0005, 0.5), // within 1 ms: one chord
            new Note(70, 80, 0.5, 1.0),
            new Note(60, 80, 1.0, 1.5), new Note(63, 80, 1.0, 1.5), new Note(58, 80, 1.0, 1.5),
        };
        Assert.Equal(new[] { "4.9", "B-4", "10.0.3" }, NoteChordTokens.FromNotes(notes.Reverse()));
        var decoded = NoteChordTokens.ToNotes(new[] { "4.9", "B-4" });
        Assert.Equal(new[] { 64, 69, 70 }, decoded.Select(n => n.Pitch));
        Assert.Equal(new[] { 0, 0, 0.25 }, decoded.Select(n => n.Start));
        Assert.All(decoded, n => Assert.Equal(0.5, n.Duration, 12));
        Assert.True(NoteChordTokens.IsChordToken("4"));
        Assert.False(NoteChordTokens.IsChordToken("E-4"));
    }

    [Fact]
    public void Song_tokens_merge_parts_of_the_first_instrument_program()
    {
        var song = new MidiSong();
        var right = new Instrument(0, name: "Piano right");
        right.Notes.Add(new Note(72, 90, 0, 1));
        var left = new Instrument(0, name: "Piano left");
        left.Notes.Add(new Note(48, 90, 0, 1));
        left.Notes.Add(new Note(55, 90, 1, 2));
        var strings = new Instrument(48);
        strings.Notes.Add(new Note(90, 90, 0.5, 1));
        song.Instruments.AddRange([right, left, strings]);
        Assert.Equal(new[] { "0", "G3" }, NoteChordTokens.FromSong(song));
    }
}
