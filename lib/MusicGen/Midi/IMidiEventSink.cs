namespace MusicGen.Midi;

/// <summary>
/// Receives a file's events in file order while <see cref="MidiFileReader"/> parses it, so a caller
/// can consume a track without the reader holding its events (10 M events would take 320 MB as
/// <see cref="MidiEvent"/> values). Meta and sysex payloads slice the reader's buffer.
/// </summary>
internal interface IMidiEventSink
{
    /// <summary>A new track chunk begins; its events follow.</summary>
    void StartTrack();

    /// <summary>The next event of the current track.</summary>
    void Add(in MidiEvent e);
}
