namespace MusicGen.Midi;

/// <summary>
/// One sounding note, in seconds (pretty_midi's <c>Note</c>): MIDI pitch 0–127, velocity 0–127,
/// start and end times. <see cref="End"/> may equal <see cref="Start"/> (a zero-length note is
/// kept, as pretty_midi keeps it), but never precede it.
/// </summary>
/// <remarks>
/// Every way of making a note checks it: the constructor and each <c>init</c> accessor, so
/// <c>note with { Pitch = note.Pitch + 12 }</c> throws for a pitch above 127. A <c>with</c> expression sets its
/// properties one at a time, each checked against the others as they are then; to move a note in time use
/// <see cref="Shift"/> (setting Start past the old End first would be refused).
/// </remarks>
public sealed record Note
{
    readonly int _pitch, _velocity;
    readonly double _start, _end;

    public Note(int pitch, int velocity, double start, double end)
    {
        if (double.IsNaN(start) || double.IsNaN(end) || end < start)
            throw new ArgumentException($"Note end ({end}) must not precede its start ({start}).", nameof(end));
        Pitch = pitch;
        Velocity = velocity;
        _start = start;
        _end = end;
    }

    /// <summary>MIDI note number, 0–127 (60 = middle C, C4).</summary>
    public int Pitch
    {
        get => _pitch;
        init => _pitch = (uint)value <= 127 ? value : throw new ArgumentOutOfRangeException(nameof(Pitch), value, "MIDI pitch must be 0–127.");
    }

    /// <summary>Note-on velocity, 0–127.</summary>
    public int Velocity
    {
        get => _velocity;
        init => _velocity = (uint)value <= 127 ? value : throw new ArgumentOutOfRangeException(nameof(Velocity), value, "MIDI velocity must be 0–127.");
    }

    /// <summary>Onset in seconds (not after <see cref="End"/>).</summary>
    public double Start
    {
        get => _start;
        init => _start = !double.IsNaN(value) && value <= _end ? value
            : throw new ArgumentException($"Note start ({value}) must not follow its end ({_end}); use Shift to move a note.", nameof(Start));
    }

    /// <summary>Offset in seconds (not before <see cref="Start"/>).</summary>
    public double End
    {
        get => _end;
        init => _end = !double.IsNaN(value) && value >= _start ? value
            : throw new ArgumentException($"Note end ({value}) must not precede its start ({_start}); use Shift to move a note.", nameof(End));
    }

    /// <summary><see cref="End"/> − <see cref="Start"/>, seconds.</summary>
    public double Duration => End - Start;

    /// <summary>The same note <paramref name="seconds"/> later (earlier when negative).</summary>
    public Note Shift(double seconds) => new(Pitch, Velocity, Start + seconds, End + seconds);
}
