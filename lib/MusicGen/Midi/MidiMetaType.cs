namespace MusicGen.Midi;

/// <summary>Meta event types of the SMF 1.0 specification. Other values can occur (they are kept
/// as read); cast any byte to this enum.</summary>
internal enum MidiMetaType : byte
{
    SequenceNumber = 0x00,
    Text = 0x01,
    Copyright = 0x02,
    TrackName = 0x03,
    InstrumentName = 0x04,
    Lyric = 0x05,
    Marker = 0x06,
    CuePoint = 0x07,
    ProgramName = 0x08,
    DeviceName = 0x09,
    ChannelPrefix = 0x20,
    Port = 0x21,
    EndOfTrack = 0x2F,

    /// <summary>Three bytes: microseconds per quarter note.</summary>
    SetTempo = 0x51,
    SmpteOffset = 0x54,

    /// <summary>Four bytes: numerator, log2 denominator, MIDI clocks per click, 32nds per quarter.</summary>
    TimeSignature = 0x58,

    /// <summary>Two bytes: sharps (+) or flats (−) as a signed byte, then 0 major / 1 minor.</summary>
    KeySignature = 0x59,
    SequencerSpecific = 0x7F,
}
