using System.Text;

namespace MusicGen.Midi;

/// <summary>
/// One event of a track at an absolute time in ticks: a channel message (note on/off, control
/// change, program change, pitch bend, pressure), a system-exclusive event (F0 or F7) or a meta
/// event. A small value type so a track of a million events is one array, not a million objects;
/// meta and sysex payloads are slices of the bytes the file was read from (no copy).
/// </summary>
/// <remarks>
/// Ticks are absolute (from the start of the track), not the file's delta times: the reader sums
/// deltas, the writer takes differences. Channel-message fields are validated to 0–127 / 0–15 by
/// the factory methods, so an event cannot hold a value the file format cannot store.
/// </remarks>
internal readonly struct MidiEvent
{
    private readonly byte _status; // full status byte: type | channel, or F0/F7/FF
    private readonly byte _data1;  // note, controller, program, pressure, bend LSB, or meta type
    private readonly byte _data2;  // velocity, value, bend MSB

    internal MidiEvent(long tick, byte status, byte data1, byte data2, ReadOnlyMemory<byte> data)
    {
        Tick = tick;
        _status = status;
        _data1 = data1;
        _data2 = data2;
        Data = data;
    }

    /// <summary>Absolute time in ticks from the start of the track.</summary>
    public long Tick { get; }

    /// <summary>The kind of event.</summary>
    public MidiEventType Type => _status >= 0xF0 ? (MidiEventType)_status : (MidiEventType)(_status & 0xF0);

    /// <summary>The status byte as stored in the file (type and channel for channel messages).</summary>
    public byte StatusByte => _status;

    /// <summary>True for the seven channel-message types.</summary>
    public bool IsChannelMessage => _status < 0xF0;

    /// <summary>Channel 0–15 of a channel message (0 otherwise).</summary>
    public int Channel => _status < 0xF0 ? _status & 0x0F : 0;

    /// <summary>First data byte: note number, controller, program or pressure (channel messages).</summary>
    public int Data1 => _status < 0xF0 ? _data1 : 0;

    /// <summary>Second data byte: velocity or controller value (channel messages).</summary>
    public int Data2 => _status < 0xF0 ? _data2 : 0;

    /// <summary>Note number of a note on/off or polyphonic pressure event.</summary>
    public int Note => _data1;

    /// <summary>Velocity of a note on/off event.</summary>
    public int Velocity => _data2;

    /// <summary>True for a note-on with velocity 0, which the MIDI spec defines as a note-off.</summary>
    public bool IsSilentNoteOn => (_status & 0xF0) == 0x90 && _data2 == 0;

    /// <summary>Pitch-bend amount −8192…8191 (0 = centre), from the 14-bit value LSB-first.</summary>
    public int PitchBendValue => ((_data2 << 7) | _data1) - 8192;

    /// <summary>Meta type of a meta event.</summary>
    public MidiMetaType MetaType => (MidiMetaType)_data1;

    /// <summary>Payload of a meta or sysex event (for F0 events: the bytes after the length,
    /// normally ending in F7). Empty for channel messages.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The payload of a text-like meta event, decoded as Latin-1 (as mido and pretty_midi do).</summary>
    public string Text => Encoding.Latin1.GetString(Data.Span);

    /// <summary>Microseconds per quarter note of a Set Tempo event (0 if its payload is short).</summary>
    public int TempoMicroseconds
    {
        get
        {
            var d = Data.Span;
            return d.Length >= 3 ? (d[0] << 16) | (d[1] << 8) | d[2] : 0;
        }
    }

    /// <summary>True for a meta event of type <paramref name="type"/>.</summary>
    public bool IsMeta(MidiMetaType type) => _status == 0xFF && _data1 == (byte)type;

    /// <summary>The same event at another tick.</summary>
    public MidiEvent WithTick(long tick) => new(tick, _status, _data1, _data2, Data);

    public static MidiEvent NoteOn(long tick, int channel, int note, int velocity) =>
        Channel2(tick, MidiEventType.NoteOn, channel, note, velocity);

    public static MidiEvent NoteOff(long tick, int channel, int note, int velocity = 0) =>
        Channel2(tick, MidiEventType.NoteOff, channel, note, velocity);

    public static MidiEvent PolyphonicPressure(long tick, int channel, int note, int pressure) =>
        Channel2(tick, MidiEventType.PolyphonicPressure, channel, note, pressure);

    public static MidiEvent ControlChange(long tick, int channel, int controller, int value) =>
        Channel2(tick, MidiEventType.ControlChange, channel, controller, value);

    public static MidiEvent ProgramChange(long tick, int channel, int program) =>
        Channel2(tick, MidiEventType.ProgramChange, channel, program, 0);

    public static MidiEvent ChannelPressure(long tick, int channel, int pressure) =>
        Channel2(tick, MidiEventType.ChannelPressure, channel, pressure, 0);

    /// <summary>A pitch bend of <paramref name="value"/> −8192…8191 (0 = centre).</summary>
    public static MidiEvent PitchBend(long tick, int channel, int value)
    {
        if (value < -8192 || value > 8191) throw new ArgumentOutOfRangeException(nameof(value), value, "Pitch bend must be −8192…8191.");
        var v = value + 8192;
        return Channel2(tick, MidiEventType.PitchBend, channel, v & 0x7F, v >> 7);
    }

    /// <summary>An F0 sysex event; <paramref name="data"/> is what follows the length in the file
    /// (the message body and its closing F7).</summary>
    public static MidiEvent SysEx(long tick, ReadOnlyMemory<byte> data) => new(CheckTick(tick), 0xF0, 0, 0, data);

    /// <summary>An F7 escape event carrying <paramref name="data"/> as is.</summary>
    public static MidiEvent SysExEscape(long tick, ReadOnlyMemory<byte> data) => new(CheckTick(tick), 0xF7, 0, 0, data);

    /// <summary>A meta event of any type with a raw payload.</summary>
    public static MidiEvent Meta(long tick, MidiMetaType type, ReadOnlyMemory<byte> data)
    {
        if ((byte)type > 0x7F) throw new ArgumentOutOfRangeException(nameof(type), type, "Meta type must be 0–127.");
        return new(CheckTick(tick), 0xFF, (byte)type, 0, data);
    }

    /// <summary>A text-like meta event (text, track name, lyric, marker…), encoded as Latin-1.</summary>
    public static MidiEvent TextMeta(long tick, MidiMetaType type, string text) => Meta(tick, type, Encoding.Latin1.GetBytes(text));

    /// <summary>A Set Tempo event: <paramref name="microsecondsPerQuarter"/> 1…16,777,215.</summary>
    public static MidiEvent Tempo(long tick, int microsecondsPerQuarter)
    {
        if (microsecondsPerQuarter <= 0 || microsecondsPerQuarter > 0xFFFFFF)
            throw new ArgumentOutOfRangeException(nameof(microsecondsPerQuarter), microsecondsPerQuarter, "Tempo must be 1–16,777,215 µs per quarter.");
        return Meta(tick, MidiMetaType.SetTempo, new[] { (byte)(microsecondsPerQuarter >> 16), (byte)(microsecondsPerQuarter >> 8), (byte)microsecondsPerQuarter });
    }

    /// <summary>A time signature; <paramref name="denominator"/> is the note value (a power of two).</summary>
    public static MidiEvent TimeSignature(long tick, int numerator, int denominator, int clocksPerClick = 24, int thirtySecondsPerQuarter = 8)
    {
        if (numerator is < 1 or > 255) throw new ArgumentOutOfRangeException(nameof(numerator), numerator, "Numerator must be 1–255.");
        if (denominator < 1 || !int.IsPow2(denominator)) throw new ArgumentOutOfRangeException(nameof(denominator), denominator, "Denominator must be a power of two.");
        return Meta(tick, MidiMetaType.TimeSignature, new[] { (byte)numerator, (byte)int.Log2(denominator), (byte)clocksPerClick, (byte)thirtySecondsPerQuarter });
    }

    /// <summary>A key signature: <paramref name="sharps"/> −7…7 (negative = flats), minor or major.</summary>
    public static MidiEvent KeySignature(long tick, int sharps, bool minor)
    {
        if (sharps is < -7 or > 7) throw new ArgumentOutOfRangeException(nameof(sharps), sharps, "Key signature must have −7…7 sharps.");
        return Meta(tick, MidiMetaType.KeySignature, new[] { (byte)(sbyte)sharps, (byte)(minor ? 1 : 0) });
    }

    public static MidiEvent EndOfTrack(long tick) => Meta(tick, MidiMetaType.EndOfTrack, ReadOnlyMemory<byte>.Empty);

    private static MidiEvent Channel2(long tick, MidiEventType type, int channel, int d1, int d2)
    {
        if ((uint)channel > 15) throw new ArgumentOutOfRangeException(nameof(channel), channel, "MIDI channel must be 0–15.");
        if ((uint)d1 > 127) throw new ArgumentOutOfRangeException(nameof(d1), d1, "MIDI data byte must be 0–127.");
        if ((uint)d2 > 127) throw new ArgumentOutOfRangeException(nameof(d2), d2, "MIDI data byte must be 0–127.");
        return new(CheckTick(tick), (byte)((byte)type | channel), (byte)d1, (byte)d2, ReadOnlyMemory<byte>.Empty);
    }

    private static long CheckTick(long tick) =>
        tick >= 0 ? tick : throw new ArgumentOutOfRangeException(nameof(tick), tick, "Tick must not be negative.");

    public override string ToString() => Type switch
    {
        MidiEventType.Meta => $"{Tick}: Meta {MetaType} ({Data.Length} bytes)",
        MidiEventType.SysEx or MidiEventType.SysExEscape => $"{Tick}: {Type} ({Data.Length} bytes)",
        MidiEventType.ProgramChange or MidiEventType.ChannelPressure => $"{Tick}: {Type} ch{Channel} {Data1}",
        MidiEventType.PitchBend => $"{Tick}: PitchBend ch{Channel} {PitchBendValue}",
        _ => $"{Tick}: {Type} ch{Channel} {Data1} {Data2}",
    };
}
