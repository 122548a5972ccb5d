using MusicGen.Midi;

namespace MusicGen.Tests.Midi;

/// <summary>The two spellings: pretty_midi.note_number_to_name (sharps) and music21's (E-, B-).</summary>
public class PitchNamesTests
{
    [Theory]
    [InlineData(60, "C4", "C4")]
    [InlineData(61, "C#4", "C#4")]
    [InlineData(63, "D#4", "E-4")]
    [InlineData(70, "A#4", "B-4")]
    [InlineData(0, "C-1", "C-1")]
    [InlineData(127, "G9", "G9")]
    [InlineData(21, "A0", "A0")]
    public void Both_spellings(int pitch, string prettyMidi, string music21)
    {
        Assert.Equal(prettyMidi, PitchNames.Name(pitch));
        Assert.Equal(music21, PitchNames.Music21Name(pitch));
    }

    [Fact]
    public void Outside_the_midi_range_throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PitchNames.Name(128));
        Assert.Throws<ArgumentOutOfRangeException>(() => PitchNames.Music21Name(-1));
    }
}
