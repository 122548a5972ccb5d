using System.Buffers.Binary;

namespace MusicGen.Midi;

/// <summary>
/// Parses Standard MIDI File bytes (SMF 1.0: header chunk, track chunks, delta times as
/// variable-length quantities, running status, meta and sysex events) into a <see cref="MidiFile"/>.
/// The whole file is one buffer; every length field is checked against the bytes that remain
/// before anything is sliced, so a lying length can neither over-read nor allocate.
/// </summary>
internal sealed class MidiFileReader
{
    private readonly ReadOnlyMemory<byte> _memory;
    private readonly MidiReadingSettings _settings;
    private readonly string? _source;
    private readonly List<string> _warnings = new();
    private readonly bool _keepChannel;
    private readonly IMidiEventSink? _sink;
    private int _trackEvents;          // events read in the current track (stored or not)
    private MidiEvent? _lastDropped;   // the current track's last event, when it is a channel message not stored

    private MidiFileReader(ReadOnlyMemory<byte> memory, MidiReadingSettings settings, string? source, bool keepChannel, IMidiEventSink? sink)
    {
        _memory = memory;
        _settings = settings;
        _source = source;
        _keepChannel = keepChannel;
        _sink = sink;
    }

    /// <param name="keepChannelMessages">False: tracks keep only meta and sysex events, plus a last
    /// channel event when it ends the track (so end ticks stay right). Errors and warnings are the same.</param>
    /// <param name="sink">Receives every event in file order, stored or not.</param>
    public static MidiFile Read(ReadOnlyMemory<byte> bytes, MidiReadingSettings settings, string? source,
        bool keepChannelMessages = true, IMidiEventSink? sink = null) =>
        new MidiFileReader(bytes, settings, source, keepChannelMessages, sink).ReadFile();

    private MidiFile ReadFile()
    {
        var span = _memory.Span;
        if (span.Length < 14 || !span[..4].SequenceEqual("MThd"u8))
            throw Error(0, span.Length < 4 ? $"only {span.Length} bytes: not a Standard MIDI File" : "does not start with 'MThd': not a Standard MIDI File",
                "check that the file is a .mid file and not empty or truncated");
        var headerLength = BinaryPrimitives.ReadUInt32BigEndian(span[4..]);
        if (headerLength < 6)
            throw Error(4, $"header chunk length {headerLength} is less than 6", "the file is corrupt");
        int format = BinaryPrimitives.ReadUInt16BigEndian(span[8..]);
        int declaredTracks = BinaryPrimitives.ReadUInt16BigEndian(span[10..]);
        int division = BinaryPrimitives.ReadUInt16BigEndian(span[12..]);
        if (format > 2)
            throw Error(8, $"format {format} is not 0, 1 or 2", "the file is corrupt or not a Standard MIDI File");
        if ((division & 0x8000) != 0)
            throw Error(12, $"SMPTE time division ({-(sbyte)(division >> 8)} frames/s, {division & 0xFF} ticks/frame) is not supported",
                "convert the file to ticks per quarter note (metrical time) with a sequencer");
        if (division == 0)
            throw Error(12, "time division is 0 ticks per quarter note", "the file is corrupt");

        var file = new MidiFile(format, division);
        long pos = 8 + (long)headerLength;
        if (pos > span.Length)
        {
            if (_settings.NotEnoughBytes == NotEnoughBytesPolicy.Abort)
                throw Error(4, $"header chunk length {headerLength} runs past the end of the file ({span.Length} bytes)", LenientHint);
            Warn(4, "header chunk length runs past the end of the file; no tracks read");
            pos = span.Length;
        }

        while (pos < span.Length)
        {
            if (span.Length - pos < 8)
            {
                if (_settings.NotEnoughBytes == NotEnoughBytesPolicy.Abort)
                    throw Error(pos, $"{span.Length - pos} stray bytes where a chunk header (8 bytes) should be", LenientHint);
                Warn(pos, $"ignored {span.Length - pos} trailing bytes");
                break;
            }
            var id = span.Slice((int)pos, 4);
            long length = BinaryPrimitives.ReadUInt32BigEndian(span[((int)pos + 4)..]);
            if (id.SequenceEqual("MTrk"u8))
            {
                pos = ReadTrack(file, pos, length);
                continue;
            }
            if (!IsChunkId(id))
            {
                // Not a chunk at all: garbage after the last track (seen in files padded by old tools).
                if (_settings.UnknownChunk == UnknownChunkPolicy.Abort || _settings.InvalidChunkSize == InvalidChunkSizePolicy.Abort)
                    throw Error(pos, "bytes that are not a chunk header (expected 'MTrk')", LenientHint);
                Warn(pos, $"ignored {span.Length - pos} bytes that are not a chunk");
                break;
            }
            if (_settings.UnknownChunk == UnknownChunkPolicy.Abort)
                throw Error(pos, $"unknown chunk '{System.Text.Encoding.ASCII.GetString(id)}'", "read with UnknownChunkPolicy.Skip");
            if (pos + 8 + length > span.Length)
            {
                if (_settings.NotEnoughBytes == NotEnoughBytesPolicy.Abort)
                    throw Error(pos + 4, $"chunk length {length} runs past the end of the file ({span.Length} bytes)", LenientHint);
                Warn(pos + 4, "unknown chunk runs past the end of the file");
                break;
            }
            pos += 8 + length;
        }

        if (file.Tracks.Count != declaredTracks || (format == 0 && file.Tracks.Count > 1))
        {
            var problem = format == 0 && file.Tracks.Count > 1
                ? $"format 0 file holds {file.Tracks.Count} tracks"
                : $"header declares {declaredTracks} tracks but the file holds {file.Tracks.Count}";
            if (_settings.UnexpectedTrackCount == UnexpectedTrackCountPolicy.Abort) throw Error(10, problem, LenientHint);
            Warn(10, problem);
        }
        file.Warnings.AddRange(_warnings);
        return file;
    }

    private enum Stop { EndOfTrack, ReachedEnd, Truncated }

    /// <summary>Reads the track chunk at <paramref name="chunkStart"/>; returns where the next chunk starts.</summary>
    private long ReadTrack(MidiFile file, long chunkStart, long declaredLength)
    {
        var span = _memory.Span;
        int trackIndex = file.Tracks.Count;
        int start = (int)chunkStart + 8;
        long declaredEnd = start + declaredLength;
        bool pastFile = declaredEnd > span.Length;
        if (pastFile && _settings.NotEnoughBytes == NotEnoughBytesPolicy.Abort)
            throw Error(chunkStart + 4, $"track {trackIndex} length {declaredLength} runs past the end of the file ({span.Length} bytes): the file is truncated", LenientHint);
        int end = pastFile ? span.Length : (int)declaredEnd;
        bool lenientSize = _settings.InvalidChunkSize == InvalidChunkSizePolicy.Ignore;

        // About 3 bytes per event in dense piano tracks; capped by the bytes present, never by the length field.
        var events = new List<MidiEvent>(_keepChannel ? Math.Max(4, (end - start) / 3) : 16);
        _trackEvents = 0;
        _lastDropped = null;
        _sink?.StartTrack();
        int pos = start;
        long tick = 0;
        byte running = 0;
        var stop = ReadEvents(span, events, trackIndex, ref pos, end, ref tick, ref running);
        bool extended = false;
        if (stop != Stop.EndOfTrack && end < span.Length && (stop == Stop.Truncated || LooksLikeEventAt(span, pos, running)))
        {
            // The events go on past the declared length: the length is too short.
            if (!lenientSize)
                throw Error(pos, $"track {trackIndex}: events run past the chunk length {declaredLength}", LenientHint);
            Warn(chunkStart + 4, $"track {trackIndex}: events run past the chunk length {declaredLength}; read until End-of-Track");
            end = span.Length;
            extended = true;
            stop = ReadEvents(span, events, trackIndex, ref pos, end, ref tick, ref running);
        }

        int next = end;
        if (stop == Stop.Truncated)
        {
            if (_settings.NotEnoughBytes == NotEnoughBytesPolicy.Abort)
                throw Error(pos, $"track {trackIndex}: the file ends inside an event: the file is truncated", LenientHint);
            Warn(pos, $"track {trackIndex}: the file ends inside an event; kept {_trackEvents} events");
        }
        else if (stop == Stop.EndOfTrack && pos < end && !extended)
        {
            if (!lenientSize)
                throw Error(pos, $"track {trackIndex}: {end - pos} bytes after End-of-Track inside the chunk (length {declaredLength})", LenientHint);
            // The declared end is right if a chunk starts there; otherwise the length lies and the next chunk follows End-of-Track.
            bool chunkAtEnd = end >= span.Length || (end <= span.Length - 4 && IsChunkId(span.Slice(end, 4)));
            next = chunkAtEnd ? end : pos;
            Warn(pos, $"track {trackIndex}: ignored {next - pos} bytes after End-of-Track");
        }
        else if (stop == Stop.EndOfTrack) next = pos;

        if (stop == Stop.ReachedEnd)
        {
            if (_settings.MissedEndOfTrack == MissedEndOfTrackPolicy.Abort)
                throw Error(pos, $"track {trackIndex} has no End-of-Track event", LenientHint);
            Warn(pos, $"track {trackIndex} has no End-of-Track event");
        }
        if (_lastDropped is { } last) events.Add(last);
        file.Tracks.Add(new MidiTrack(events));
        return next;
    }

    /// <summary>Reads events from <paramref name="pos"/> until End-of-Track, <paramref name="end"/>, or
    /// an event that does not fit before <paramref name="end"/> (then <paramref name="pos"/> is left at
    /// that event's start). Running status is set by channel messages only and survives meta and sysex
    /// events (as mido reads; a conforming file never relies on either).</summary>
    private Stop ReadEvents(ReadOnlySpan<byte> span, List<MidiEvent> events, int trackIndex, ref int pos, int end, ref long tick, ref byte running)
    {
        while (pos < end)
        {
            int eventStart = pos;
            if (!TryReadVarLen(span, ref pos, end, out var delta) || pos >= end) { pos = eventStart; return Stop.Truncated; }
            byte status = span[pos];
            if (status < 0x80)
            {
                if (running == 0)
                    throw Error(pos, $"track {trackIndex}: data byte 0x{status:X2} with no status byte before it (running status without a status)", "the file is corrupt");
                status = running;
            }
            else pos++;

            long eventTick = tick + delta;
            if (status < 0xF0)
            {
                running = status;
                int needed = (status & 0xE0) == 0xC0 ? 1 : 2; // program change and channel pressure have one data byte
                if (end - pos < needed) { pos = eventStart; return Stop.Truncated; }
                byte d1 = span[pos];
                byte d2 = needed == 2 ? span[pos + 1] : (byte)0;
                if (d1 > 0x7F || d2 > 0x7F)
                    throw Error(d1 > 0x7F ? pos : pos + 1, $"track {trackIndex}: data byte 0x{(d1 > 0x7F ? d1 : d2):X2} above 127 in a channel message (status 0x{status:X2})", "the file is corrupt");
                pos += needed;
                var channelEvent = new MidiEvent(eventTick, status, d1, d2, ReadOnlyMemory<byte>.Empty);
                _sink?.Add(channelEvent);
                _trackEvents++;
                if (_keepChannel) events.Add(channelEvent);
                else _lastDropped = channelEvent;
            }
            else if (status == 0xFF)
            {
                if (pos >= end) { pos = eventStart; return Stop.Truncated; }
                byte type = span[pos++];
                if (type > 0x7F)
                    throw Error(pos - 1, $"track {trackIndex}: meta event type 0x{type:X2} above 127", "the file is corrupt");
                if (!TryReadVarLen(span, ref pos, end, out var length) || length > end - pos) { pos = eventStart; return Stop.Truncated; }
                AddStored(events, new MidiEvent(eventTick, 0xFF, type, 0, _memory.Slice(pos, (int)length)));
                pos += (int)length;
                tick = eventTick;
                if (type == (byte)MidiMetaType.EndOfTrack) return Stop.EndOfTrack;
                continue;
            }
            else if (status is 0xF0 or 0xF7)
            {
                if (!TryReadVarLen(span, ref pos, end, out var length) || length > end - pos) { pos = eventStart; return Stop.Truncated; }
                AddStored(events, new MidiEvent(eventTick, status, 0, 0, _memory.Slice(pos, (int)length)));
                pos += (int)length;
            }
            else
            {
                throw Error(pos - 1, $"track {trackIndex}: status byte 0x{status:X2} (a MIDI system message) is not allowed in a Standard MIDI File", "the file is corrupt");
            }
            tick = eventTick;
        }
        return Stop.ReachedEnd;
    }

    /// <summary>A meta or sysex event: always stored, and passed to the sink.</summary>
    private void AddStored(List<MidiEvent> events, in MidiEvent e)
    {
        _sink?.Add(e);
        _trackEvents++;
        events.Add(e);
        _lastDropped = null;
    }

    /// <summary>A variable-length quantity (SMF spec: at most 4 bytes, 7 bits each, MSB first).
    /// False when the bytes run out; throws when a fifth byte would be needed.</summary>
    private bool TryReadVarLen(ReadOnlySpan<byte> span, ref int pos, int end, out long value)
    {
        value = 0;
        for (int i = 0; i < 4; i++)
        {
            if (pos >= end) return false;
            byte b = span[pos++];
            value = (value << 7) | (uint)(b & 0x7F);
            if (b < 0x80) return true;
        }
        throw Error(pos - 4, "variable-length quantity longer than 4 bytes", "the file is corrupt");
    }

    /// <summary>Whether the bytes at <paramref name="pos"/> plausibly continue the track (a delta time
    /// followed by a status byte or running-status data), rather than start the next chunk.</summary>
    private static bool LooksLikeEventAt(ReadOnlySpan<byte> span, int pos, byte running)
    {
        if (pos + 4 <= span.Length && IsChunkId(span.Slice(pos, 4))) return false;
        int p = pos;
        for (int i = 0; i < 4 && p < span.Length; i++)
            if (span[p++] < 0x80) break;
        if (p >= span.Length) return false;
        byte s = span[p];
        return s >= 0x80 ? s == 0xFF || s == 0xF0 || s == 0xF7 || s < 0xF0 : running != 0;
    }

    private static bool IsChunkId(ReadOnlySpan<byte> id)
    {
        foreach (var b in id)
            if (b < 0x20 || b > 0x7E) return false;
        return true;
    }

    private const string LenientHint = "read with MidiReadingSettings.Lenient to keep what is readable";

    private void Warn(long offset, string message) => _warnings.Add($"byte {offset}: {message}");

    private MidiFormatException Error(long offset, string problem, string hint) => new(_source, offset, problem, hint);
}
