using MusicGen.Midi;
using MusicGen.Representations;

namespace MusicGen.Tests.Representations;

/// <summary>Roll → notes (reverse-piano-roll recipe, SOURCES.md §2.5) and back.</summary>
public class PianoRollInverseTests
{
    [Fact]
    public void A_held_pitch_is_one_note_and_a_gap_starts_another()
    {
        var roll = new float[128, 8];
        for (var t = 1; t < 4; t++) roll[60, t] = 64;
        roll[60, 4] = 100; // louder but still held: no re-attack
        roll[60, 6] = 30;
        roll[72, 7] = 1;
        var inst = PianoRoll.ToInstrument(roll, fs: 10, program: 5);
        Assert.Equal(5, inst.Program);
        Assert.Equal(3, inst.Notes.Count);
        // pretty_midi's order: by end column, then pitch.
        Assert.Equal(new Note(60, 64, 0.1, 0.5), inst.Notes[0]);
        Assert.Equal(new Note(60, 30, 0.6, 0.7), inst.Notes[1]);
        Assert.Equal(new Note(72, 1, 0.7, 0.8), inst.Notes[2]);
        var fixedVelocity = PianoRoll.ToInstrument(roll, fs: 10, velocity: 64);
        Assert.All(fixedVelocity.Notes, n => Assert.Equal(64, n.Velocity));
    }

    [Fact]
    public void Empty_roll_gives_no_notes_and_bad_shapes_are_rejected()
    {
        Assert.Empty(PianoRoll.ToInstrument(new float[128, 0]).Notes);
        Assert.Empty(PianoRoll.ToInstrument(new float[128, 5]).Notes);
        Assert.Throws<ArgumentException>(() => PianoRoll.ToInstrument(new float[88, 5]));
        Assert.Throws<ArgumentOutOfRangeException>(() => PianoRoll.ToInstrument(new float[128, 5], fs: 0));
    }

    [Theory]
    [InlineData(10, 1)]
    [InlineData(20, 2)]
    [InlineData(16, 3)]
    public void Binary_roll_to_notes_to_roll_is_the_identity(double fs, int seed)
    {
        // fs = 10, 20, 16: int((c / fs) · fs) == c for every column c (not true at fs = 100, where
        // e.g. 0.29 · 100 = 28.999…: pretty_midi's own round trip drops a column there).
        var rng = new Random(seed);
        for (var trial = 0; trial < 25; trial++)
        {
            var width = rng.Next(1, 60);
            var roll = new float[128, width];
            var runs = 0;
            foreach (var p in Enumerable.Range(0, 128).Where(_ => rng.NextDouble() < 0.1))
            {
                var on = false;
                for (var t = 0; t < width; t++)
                {
                    var next = rng.NextDouble() < (on ? 0.7 : 0.2);
                    if (next && !on) runs++;
                    on = next;
                    if (on) roll[p, t] = 64;
                }
            }
            var inst = PianoRoll.ToInstrument(roll, fs);
            Assert.Equal(runs, inst.Notes.Count);
            var back = PianoRoll.GetPianoRoll(inst, fs);
            // The rebuilt roll ends at the last note end: trailing silent columns are not kept.
            Assert.True(back.GetLength(1) <= width);
            for (var p = 0; p < 128; p++)
                for (var t = 0; t < width; t++)
                    Assert.Equal(roll[p, t], t < back.GetLength(1) ? back[p, t] : 0f);
        }
    }

    [Fact]
    public void Section4_roll_round_trips_to_a_song_with_the_same_roll_without_pedal()
    {
        var roll = PianoRoll.GetPianoRoll(PianoRollTests.Section4Example(), fs: 10);
        var song = PianoRoll.ToMidiSong(roll, fs: 10);
        Assert.Single(song.Instruments);
        var again = PianoRoll.GetPianoRoll(song, fs: 10);
        Assert.Equal(PianoRollTests.Row(roll, 67), PianoRollTests.Row(again, 67));
        // Row 60 was 100,150,50: one held note, velocity taken from its first column.
        Assert.Equal(new float[] { 100, 100, 100, 0, 0, 0, 0, 0, 0 }, PianoRollTests.Row(again, 60));
    }
}
