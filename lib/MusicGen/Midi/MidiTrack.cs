namespace MusicGen.Midi;

/// <summary>
/// One <c>MTrk</c> chunk: its events in file order, with absolute ticks. Events must be in
/// non-decreasing tick order to be written (a delta time cannot be negative).
/// </summary>
internal sealed class MidiTrack
{
    public MidiTrack() => Events = new List<MidiEvent>();

    public MidiTrack(IEnumerable<MidiEvent> events) => Events = new List<MidiEvent>(events);

    internal MidiTrack(List<MidiEvent> events) => Events = events;

    /// <summary>The events, including the closing End-of-Track meta event when the file had one.</summary>
    public List<MidiEvent> Events { get; }

    /// <summary>Tick of the last event, 0 for an empty track.</summary>
    public long GetEndTick() => Events.Count == 0 ? 0 : Events[^1].Tick;

    /// <summary>The first Track Name meta event's text, or null.</summary>
    public string? GetName()
    {
        foreach (var e in Events)
            if (e.IsMeta(MidiMetaType.TrackName)) return e.Text;
        return null;
    }

    public override string ToString() => $"MidiTrack(events={Events.Count}, name=\"{GetName()}\")";
}
