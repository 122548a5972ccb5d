namespace MusicGen.Midi;

/// <summary>Kind of a <see cref="MidiEvent"/>: the status byte's high nibble for channel
/// messages (SMF/MIDI 1.0 spec), 0xF0/0xF7 for system-exclusive events, 0xFF for meta events.</summary>
internal enum MidiEventType : byte
{
    NoteOff = 0x80,
    NoteOn = 0x90,
    PolyphonicPressure = 0xA0,
    ControlChange = 0xB0,
    ProgramChange = 0xC0,
    ChannelPressure = 0xD0,
    PitchBend = 0xE0,

    /// <summary>F0 sysex event: the data follow the length (normally ending with F7).</summary>
    SysEx = 0xF0,

    /// <summary>F7 "escape" event: a sysex continuation packet or arbitrary bytes to send as is.</summary>
    SysExEscape = 0xF7,

    Meta = 0xFF,
}
