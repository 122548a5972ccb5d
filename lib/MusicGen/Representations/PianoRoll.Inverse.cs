using MusicGen.Midi;

namespace MusicGen.Representations;

public sealed partial class PianoRoll
{
    /// <summary>
    /// Roll → notes, pretty_midi's "reverse piano roll" recipe (SOURCES.md §2.5, as used by
    /// Lorinczi &amp; Brailovsky 2021): pad one zero column on both sides and scan each row for
    /// changes. A change from 0 to a value &gt; 0 at column c starts a note at c/fs; a change back
    /// to 0 at column c ends it at c/fs. A row held (even at a changing value) over consecutive
    /// columns is ONE note, never re-attacked.
    /// </summary>
    /// <param name="roll">(128, T) roll; any value &gt; 0 counts as sounding.</param>
    /// <param name="fs">Columns per second of the roll.</param>
    /// <param name="program">General MIDI program of the instrument (0 = Acoustic Grand Piano).</param>
    /// <param name="velocity">Velocity of every note (Lorinczi &amp; Brailovsky use 64); null takes
    /// the roll value at the note's first column, rounded and clamped to 1–127.</param>
    /// <returns>An instrument whose notes are in pretty_midi's order: by end column, then pitch.</returns>
    public static Instrument ToInstrument(float[,] roll, double fs = 100, int program = 0, int? velocity = null)
    {
        ArgumentNullException.ThrowIfNull(roll);
        if (roll.GetLength(0) != Pitches) throw new ArgumentException($"A piano roll has {Pitches} rows (MIDI pitches), got {roll.GetLength(0)}.", nameof(roll));
        if (!(fs > 0) || double.IsInfinity(fs)) throw new ArgumentOutOfRangeException(nameof(fs), fs, "fs must be a positive number of columns per second.");
        if (velocity is < 1 or > 127) throw new ArgumentOutOfRangeException(nameof(velocity), velocity, "velocity must be 1–127.");
        var width = roll.GetLength(1);
        var instrument = new Instrument(program);
        var onColumn = new int[Pitches];
        var onVelocity = new int[Pitches];
        // Column c (0..width) of the padded diff: roll[:, c] vs roll[:, c-1], zeros outside. Walking
        // columns outer and pitches inner gives numpy.nonzero(diff.T)'s order, so notes are appended
        // in the same order as the recipe appends them.
        for (var c = 0; c <= width; c++)
        {
            for (var p = 0; p < Pitches; p++)
            {
                var now = c < width ? roll[p, c] : 0f;
                var before = c > 0 ? roll[p, c - 1] : 0f;
                if (now == before) continue;
                if (now > 0)
                {
                    if (onVelocity[p] != 0) continue; // held: a velocity change is not a new note
                    onColumn[p] = c;
                    onVelocity[p] = velocity ?? Math.Clamp((int)Math.Round(now), 1, 127);
                }
                else if (onVelocity[p] != 0)
                {
                    instrument.Notes.Add(new Note(p, onVelocity[p], onColumn[p] / fs, c / fs));
                    onVelocity[p] = 0;
                }
            }
        }
        return instrument;
    }

    /// <summary>A one-instrument song from a roll (see <see cref="ToInstrument"/>).</summary>
    public static MidiSong ToMidiSong(float[,] roll, double fs = 100, int program = 0, int? velocity = null)
    {
        var song = new MidiSong();
        song.Instruments.Add(ToInstrument(roll, fs, program, velocity));
        return song;
    }
}
