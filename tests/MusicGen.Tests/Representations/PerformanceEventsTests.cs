using MusicGen.Midi;
using MusicGen.Representations;

namespace MusicGen.Tests.Representations;

/// <summary>PerformanceRNN events (SOURCES.md §7.1): layout, a hand-made golden, round trips.</summary>
public class PerformanceEventsTests
{
    [Fact]
    public void Vocabulary_layout_is_388_with_velocity_and_356_without()
    {
        Assert.Equal(388, PerformanceEvents.VocabularySize());
        Assert.Equal(356, PerformanceEvents.VocabularySize(withVelocity: false));
        Assert.Equal("NOTE_ON 0", PerformanceEvents.Describe(0));
        Assert.Equal("NOTE_OFF 127", PerformanceEvents.Describe(255));
        Assert.Equal("TIME_SHIFT 1", PerformanceEvents.Describe(256));
        Assert.Equal("TIME_SHIFT 100", PerformanceEvents.Describe(355));
        Assert.Equal("VELOCITY 32", PerformanceEvents.Describe(387));
        Assert.Equal((1, 1, 32), (PerformanceEvents.VelocityToBin(1), PerformanceEvents.VelocityToBin(4), PerformanceEvents.VelocityToBin(127)));
        Assert.Equal(2, PerformanceEvents.VelocityToBin(5));
        Assert.Equal(125, PerformanceEvents.BinToVelocity(32));
    }

    [Fact]
    public void Two_notes_give_the_expected_events()
    {
        var notes = new[] { new Note(64, 100, 0.25, 0.5), new Note(60, 80, 0.0, 0.5) };
        var ids = PerformanceEvents.Encode(notes);
        Assert.Equal(new[] { "VELOCITY 20", "NOTE_ON 60", "TIME_SHIFT 25", "VELOCITY 25", "NOTE_ON 64", "TIME_SHIFT 25", "NOTE_OFF 60", "NOTE_OFF 64" },
            ids.Select(PerformanceEvents.Describe));
        Assert.Equal(new[] { "NOTE_ON 60", "TIME_SHIFT 25", "NOTE_ON 64", "TIME_SHIFT 25", "NOTE_OFF 60", "NOTE_OFF 64" },
            PerformanceEvents.Encode(notes, withVelocity: false).Select(PerformanceEvents.Describe));
    }

    [Fact]
    public void Long_gaps_use_maximal_shifts_and_short_notes_last_one_step()
    {
        var ids = PerformanceEvents.Encode(new[] { new Note(60, 64, 0, 0.001), new Note(62, 64, 2.5, 2.6) }, withVelocity: false);
        Assert.Equal(new[] { "NOTE_ON 60", "TIME_SHIFT 1", "NOTE_OFF 60", "TIME_SHIFT 100", "TIME_SHIFT 100", "TIME_SHIFT 49", "NOTE_ON 62", "TIME_SHIFT 10", "NOTE_OFF 62" },
            ids.Select(PerformanceEvents.Describe));
    }

    [Fact]
    public void Decoding_ignores_stray_offs_and_ends_open_notes_after_five_seconds()
    {
        var notes = PerformanceEvents.Decode(new[] { 128 + 70, 60, 256 + 9, 61, 256 + 9, 128 + 60 });
        Assert.Equal(2, notes.Count);
        Assert.Equal(new Note(60, 100, 0, 0.2), notes[0]);
        Assert.Equal(new Note(61, 100, 0.1, 5.1), notes[1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => PerformanceEvents.Decode(new[] { 388 }));
    }

    [Fact]
    public void Quantized_notes_round_trip()
    {
        var rng = new Random(11);
        for (var trial = 0; trial < 50; trial++)
        {
            // Notes on the 10 ms grid, velocities that are bin centres, no two notes of one pitch overlapping.
            var notes = new List<Note>();
            var free = new int[128];
            for (var k = 0; k < rng.Next(0, 40); k++)
            {
                var p = rng.Next(21, 109);
                var start = free[p] + rng.Next(0, 300);
                var end = start + rng.Next(1, 400);
                free[p] = end;
                notes.Add(new Note(p, PerformanceEvents.BinToVelocity(rng.Next(1, 33)), start / 100.0, end / 100.0));
            }
            var back = PerformanceEvents.Decode(PerformanceEvents.Encode(notes));
            var expected = notes.OrderBy(n => n.Start).ThenBy(n => n.Pitch).ToList();
            Assert.Equal(expected.Count, back.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].Pitch, back[i].Pitch);
                Assert.Equal(expected[i].Velocity, back[i].Velocity);
                Assert.Equal(expected[i].Start, back[i].Start, 9);
                Assert.Equal(expected[i].End, back[i].End, 9);
            }
        }
    }
}
