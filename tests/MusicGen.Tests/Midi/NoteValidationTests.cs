using MusicGen.Midi;

namespace MusicGen.Tests.Midi;

/// <summary>A <see cref="Note"/> is checked however it is made: constructor, object initializer or <c>with</c>.</summary>
public class NoteValidationTests
{
    static readonly Note C4 = new(60, 100, 1.0, 1.5);

    [Theory]
    [InlineData(128)]
    [InlineData(-1)]
    public void Pitch_outside_0_127_is_refused_by_with(int pitch) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => C4 with { Pitch = pitch });

    [Fact]
    public void Transposing_up_an_octave_past_127_throws_and_inside_the_range_works()
    {
        Assert.Equal(72, (C4 with { Pitch = C4.Pitch + 12 }).Pitch);
        var high = new Note(120, 80, 0, 1);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => high with { Pitch = high.Pitch + 12 });
        Assert.Contains("0–127", e.Message);
    }

    [Fact]
    public void Velocity_is_checked_by_with_and_by_the_constructor()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => C4 with { Velocity = 128 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new Note(60, -1, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Note(200, 64, 0, 1));
    }

    [Fact]
    public void End_before_start_is_refused_whichever_is_set()
    {
        Assert.Throws<ArgumentException>(() => C4 with { End = 0.5 });
        Assert.Throws<ArgumentException>(() => C4 with { Start = 2.0 });
        Assert.Throws<ArgumentException>(() => C4 with { Start = double.NaN });
        Assert.Throws<ArgumentException>(() => new Note(60, 64, 1, 0.5));
        Assert.Equal(0.0, (C4 with { End = 1.0 }).Duration); // zero length is kept, as pretty_midi
    }

    [Fact]
    public void Shift_moves_a_note_by_more_than_its_length_in_both_directions()
    {
        Assert.Equal((11.0, 11.5), (C4.Shift(10).Start, C4.Shift(10).End));
        Assert.Equal((-9.0, -8.5), (C4.Shift(-10).Start, C4.Shift(-10).End));
        Assert.Equal(C4, C4.Shift(0));
    }
}
