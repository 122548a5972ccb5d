using MusicGen.Midi;

namespace MusicGen.Evaluation;

/// <summary>
/// A song in MusPy's integer time steps (SOURCES.md §5.2): tracks of notes with onset
/// <c>Time</c> and <c>End</c> in steps of 1/<see cref="Resolution"/> quarter note. Built from a
/// <see cref="MidiSong"/> with its tempo map (<see cref="From"/>); the MusPy metrics are defined on it.
/// </summary>
public sealed class StepSong
{
    internal StepSong(int resolution, int measureResolution, List<StepTrack> tracks)
    {
        Resolution = resolution;
        MeasureResolution = measureResolution;
        Tracks = tracks;
        Length = 0;
        foreach (var t in tracks)
            foreach (var n in t.Notes) Length = Math.Max(Length, n.End);
    }

    /// <summary>Time steps per quarter note.</summary>
    public int Resolution { get; }

    /// <summary>Steps per measure of the first time signature (4/4 if none): resolution · 4 · num / den.</summary>
    public int MeasureResolution { get; }

    internal List<StepTrack> Tracks { get; }

    /// <summary>Latest note end over all tracks (MusPy's <c>max(track.get_end_time())</c>), steps.</summary>
    public int Length { get; }

    /// <summary>
    /// Converts with the tempo map: a note's onset step is round(quarters(start) · resolution) and its
    /// duration round((quarters(end) − quarters(start)) · resolution), each with Python's round (half
    /// to even), as MusPy's <c>adjust_resolution</c> rounds time and duration separately.
    /// </summary>
    public static StepSong From(MidiSong song, int resolution = MusPyMetrics.DefaultResolution)
    {
        ArgumentNullException.ThrowIfNull(song);
        if (resolution < 1) throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "Resolution must be a positive number of steps per quarter.");
        var clock = new SongClock(song);
        var tracks = new List<StepTrack>();
        foreach (var inst in song.Instruments)
        {
            var notes = new List<StepNote>(inst.Notes.Count);
            foreach (var n in inst.Notes)
            {
                // MusPy adjusts a note's time and duration separately (Note._adjust_time), so the
                // end is round(time) + round(duration), not round(end).
                double q0 = clock.ToQuarters(n.Start) * resolution, q1 = clock.ToQuarters(n.End) * resolution;
                var time = (int)Math.Round(q0, MidpointRounding.ToEven);
                var duration = (int)Math.Round(q1 - q0, MidpointRounding.ToEven);
                notes.Add(new StepNote(time, time + duration, n.Pitch));
            }
            tracks.Add(new StepTrack(inst.IsDrum, notes));
        }
        var first = song.TimeSignatures.OrderBy(t => t.Time).FirstOrDefault();
        var measure = first is null || first.Numerator <= 0 || first.Denominator <= 0
            ? 4 * resolution
            : (int)Math.Round(resolution * 4.0 * first.Numerator / first.Denominator);
        return new StepSong(resolution, Math.Max(measure, 1), tracks);
    }

    /// <summary>Notes of non-drum tracks.</summary>
    internal IEnumerable<StepNote> PitchedNotes() => Tracks.Where(t => !t.IsDrum).SelectMany(t => t.Notes);

    public override string ToString() => $"StepSong(resolution={Resolution}, tracks={Tracks.Count}, length={Length})";
}

/// <summary>A MusPy note in steps: onset, end (onset + duration), pitch.</summary>
internal readonly record struct StepNote(int Time, int End, int Pitch);

/// <summary>A MusPy track: drum flag and notes.</summary>
internal sealed record StepTrack(bool IsDrum, List<StepNote> Notes);
