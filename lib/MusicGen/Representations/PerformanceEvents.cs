using MusicGen.Midi;

namespace MusicGen.Representations;

/// <summary>
/// PerformanceRNN event tokens (Magenta; SOURCES.md §7.1). Time is quantized to
/// <see cref="StepsPerSecond"/> = 100 steps (10 ms) with round-half-up; a note shorter than one
/// step lasts one step. Ids: NOTE_ON pitch 0–127 → 0–127, NOTE_OFF → 128–255, TIME_SHIFT 1–100
/// steps → 256–355, VELOCITY bin 1–32 → 356–387: 388 classes with velocity, 356 without.
/// Encoding sorts notes by (start, pitch), then onsets and offsets by (step, note index,
/// is-offset), inserting maximal TIME_SHIFTs between steps; a VELOCITY event precedes a NOTE_ON
/// whose bin differs from the current one (bin = (v − 1) / 4 + 1, decoded as 1 + 4·(bin − 1)).
/// Decoding ignores a NOTE_OFF with no open note, closes open notes first-in first-out, and
/// ends a note never turned off <see cref="MaxNoteSeconds"/> after its start.
/// </summary>
public static class PerformanceEvents
{
    public const int StepsPerSecond = 100;
    public const int MaxShiftSteps = 100;
    public const int VelocityBins = 32;
    public const double MaxNoteSeconds = 5;
    public const int NoteOnOffset = 0;
    public const int NoteOffOffset = 128;
    public const int TimeShiftOffset = 256;
    public const int VelocityOffset = 356;

    /// <summary>Number of classes: 388 with velocity events, 356 without.</summary>
    public static int VocabularySize(bool withVelocity = true) => withVelocity ? VelocityOffset + VelocityBins : VelocityOffset;

    private const int BinSize = (127 + VelocityBins - 1) / VelocityBins; // ceil(127 / 32) = 4

    /// <summary>Velocity 1–127 → bin 1–32.</summary>
    public static int VelocityToBin(int velocity) => (Math.Clamp(velocity, 1, 127) - 1) / BinSize + 1;

    /// <summary>Bin 1–32 → velocity 1 + 4·(bin − 1).</summary>
    public static int BinToVelocity(int bin) => 1 + BinSize * (bin - 1);

    /// <summary>Seconds → step, Magenta's quantization (cutoff 0.5: round half up).</summary>
    public static int ToStep(double seconds) => (int)(seconds * StepsPerSecond + 0.5);

    /// <summary>Event ids of <paramref name="notes"/> (drum notes are the caller's business).</summary>
    public static List<int> Encode(IEnumerable<Note> notes, bool withVelocity = true)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var sorted = notes.OrderBy(n => n.Start).ThenBy(n => n.Pitch).ToList();
        var events = new List<(int Step, int Index, bool Off)>(2 * sorted.Count);
        for (var i = 0; i < sorted.Count; i++)
        {
            var start = ToStep(sorted[i].Start);
            var end = Math.Max(ToStep(sorted[i].End), start + 1);
            events.Add((start, i, false));
            events.Add((end, i, true));
        }
        events.Sort((a, b) => a.Step != b.Step ? a.Step.CompareTo(b.Step) : a.Index != b.Index ? a.Index.CompareTo(b.Index) : a.Off.CompareTo(b.Off));
        var ids = new List<int>(events.Count * 2);
        int step = 0, bin = 0;
        foreach (var (at, index, off) in events)
        {
            for (var gap = at - step; gap > 0; gap -= MaxShiftSteps)
                ids.Add(TimeShiftOffset + Math.Min(gap, MaxShiftSteps) - 1);
            step = at;
            var note = sorted[index];
            if (off)
            {
                ids.Add(NoteOffOffset + note.Pitch);
                continue;
            }
            if (withVelocity && VelocityToBin(note.Velocity) != bin)
            {
                bin = VelocityToBin(note.Velocity);
                ids.Add(VelocityOffset + bin - 1);
            }
            ids.Add(NoteOnOffset + note.Pitch);
        }
        return ids;
    }

    /// <summary>Notes from event ids (see the class remarks); <paramref name="defaultVelocity"/>
    /// until the first VELOCITY event. Notes come out sorted by start, then pitch.</summary>
    public static List<Note> Decode(IEnumerable<int> ids, int defaultVelocity = 100)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var open = new Queue<(int Step, int Velocity)>[128];
        var notes = new List<Note>();
        int step = 0, velocity = defaultVelocity;
        foreach (var id in ids)
        {
            if (id is < 0 or >= VelocityOffset + VelocityBins) throw new ArgumentOutOfRangeException(nameof(ids), id, "event id must be 0–387.");
            if (id < NoteOffOffset) (open[id] ??= new()).Enqueue((step, velocity));
            else if (id < TimeShiftOffset)
            {
                var pitch = id - NoteOffOffset;
                if (open[pitch] is { Count: > 0 } q)
                {
                    var (start, v) = q.Dequeue();
                    notes.Add(new Note(pitch, v, (double)start / StepsPerSecond, (double)step / StepsPerSecond));
                }
            }
            else if (id < VelocityOffset) step += id - TimeShiftOffset + 1;
            else velocity = BinToVelocity(id - VelocityOffset + 1);
        }
        for (var p = 0; p < 128; p++)
            while (open[p] is { Count: > 0 } q)
            {
                var (start, v) = q.Dequeue();
                notes.Add(new Note(p, v, (double)start / StepsPerSecond, (double)start / StepsPerSecond + MaxNoteSeconds));
            }
        notes.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Pitch.CompareTo(b.Pitch));
        return notes;
    }

    /// <summary>A readable name of an event id, e.g. "NOTE_ON 60", "TIME_SHIFT 25", "VELOCITY 20".</summary>
    public static string Describe(int id) => id switch
    {
        < 0 => throw new ArgumentOutOfRangeException(nameof(id)),
        < NoteOffOffset => $"NOTE_ON {id}",
        < TimeShiftOffset => $"NOTE_OFF {id - NoteOffOffset}",
        < VelocityOffset => $"TIME_SHIFT {id - TimeShiftOffset + 1}",
        < VelocityOffset + VelocityBins => $"VELOCITY {id - VelocityOffset + 1}",
        _ => throw new ArgumentOutOfRangeException(nameof(id)),
    };
}
