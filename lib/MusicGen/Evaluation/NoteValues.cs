using MusicGen.Midi;

namespace MusicGen.Evaluation;

/// <summary>
/// Per-note values of a set of songs, pooled: pitch, step (onset − previous onset within the same
/// song, 0 for a song's first note), duration (seconds) and velocity. Notes are every non-drum
/// note of each song sorted by onset, ties by pitch (the tutorial's <c>midi_to_notes</c> uses
/// instrument 0 only and the same sort; here all pitched instruments count, so multi-track
/// reference files are not cut to their first track).
/// </summary>
/// <param name="Pitch">MIDI pitches.</param>
/// <param name="Step">Seconds since the previous onset of the same song.</param>
/// <param name="Duration">Note lengths, seconds.</param>
/// <param name="Velocity">Note-on velocities.</param>
internal sealed record NoteValues(double[] Pitch, double[] Step, double[] Duration, double[] Velocity)
{
    /// <summary>Number of notes.</summary>
    public int Count => Pitch.Length;

    /// <summary>Pools the notes of <paramref name="songs"/>.</summary>
    public static NoteValues FromSongs(IEnumerable<MidiSong> songs)
    {
        ArgumentNullException.ThrowIfNull(songs);
        List<double> pitch = new(), step = new(), duration = new(), velocity = new();
        foreach (var song in songs)
        {
            var notes = song.GetAllNotes(); // sorted by start then pitch, drums excluded
            for (var i = 0; i < notes.Count; i++)
            {
                pitch.Add(notes[i].Pitch);
                step.Add(i == 0 ? 0 : notes[i].Start - notes[i - 1].Start);
                duration.Add(notes[i].Duration);
                velocity.Add(notes[i].Velocity);
            }
        }
        return new NoteValues(pitch.ToArray(), step.ToArray(), duration.ToArray(), velocity.ToArray());
    }
}
