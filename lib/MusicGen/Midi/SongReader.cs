namespace MusicGen.Midi;

/// <summary>
/// <see cref="MidiFile"/> → <see cref="MidiSong"/> with pretty_midi 0.2.9's rules
/// (<c>PrettyMIDI.__init__</c>, <c>_load_tempo_changes</c>, <c>_load_metadata</c>,
/// <c>_load_instruments</c>), reproduced in our own code:
/// <list type="bullet">
/// <item>Times come from the tempo map of the first track only (SMF spec for format 1); tempo,
/// key or time signature events on other tracks give one warning.</item>
/// <item>Key and time signatures and lyrics are read from the first track only.</item>
/// <item>Per track, the program of each channel starts at 0 and follows program changes. Open notes
/// are kept per (channel, pitch) in note-on order. A note-off, or a note-on with velocity 0,
/// closes every open note of that key that started on an earlier tick; notes that started on the
/// same tick are kept if it closed any and dropped if it closed none.</item>
/// <item>A closed note goes to the instrument (program at the note-off, channel, track), created at
/// that moment with the track's latest name so far; channel 9 means drums. Instruments are listed
/// in creation order and notes in the order they were closed.</item>
/// <item>Control changes and pitch bends go to the instrument of (current program, channel, track)
/// if it exists, else to a "straggler" buffer per (channel, track). An instrument created later
/// on that (channel, track) takes that buffer as its own: in pretty_midi they share one list, so
/// later events appended through any of them show in all of them. We share the buffer the same
/// way. A buffer no instrument ever takes is lost, as in pretty_midi.</item>
/// </list>
/// </summary>
internal static class SongReader
{
    public static MidiSong Read(MidiFile file)
    {
        var (song, pairer) = ReadHeader(file);
        foreach (var track in file.Tracks)
        {
            pairer.StartTrack();
            foreach (ref readonly var e in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(track.Events)) pairer.Add(in e);
        }
        pairer.Finish(song);
        return song;
    }

    /// <summary>Files from this size on are read by <see cref="ReadStreaming"/>: their event list
    /// would take ≳ 10 MB (32 bytes per event of about 3 bytes). Smaller files take the one-parse
    /// path, which is faster (measured on piano-midi: the second parse costs more than the list).</summary>
    internal const int StreamingMinBytes = 1 << 20;

    /// <summary>The song of SMF <paramref name="bytes"/>, as <c>MidiFile.Read(bytes, settings, source).ToSong()</c>;
    /// a large file is paired while parsing, so its event list is never held.</summary>
    public static MidiSong Read(ReadOnlyMemory<byte> bytes, MidiReadingSettings settings, string? source) =>
        bytes.Length >= StreamingMinBytes ? ReadStreaming(bytes, settings, source) : Read(MidiFileReader.Read(bytes, settings, source));

    /// <summary>The same song as <c>Read(MidiFile.Read(bytes, settings, source))</c>, without holding the
    /// file's channel events: a first parse keeps only meta and sysex events (tempo map, metadata,
    /// warnings, errors), a second feeds every event straight to the <see cref="NotePairer"/>. A dense
    /// file then costs its bytes and its notes, not also 32 bytes per event (issue 14: 10 M events).</summary>
    public static MidiSong ReadStreaming(ReadOnlyMemory<byte> bytes, MidiReadingSettings settings, string? source)
    {
        var skeleton = MidiFileReader.Read(bytes, settings, source, keepChannelMessages: false);
        var (song, pairer) = ReadHeader(skeleton);
        // Same bytes, same settings: the second parse meets exactly the events (and no error) the first did.
        MidiFileReader.Read(bytes, settings, source, keepChannelMessages: false, sink: pairer);
        pairer.Finish(song);
        return song;
    }

    /// <summary>Everything but the instruments: tempo changes, metadata and warnings, and a pairer
    /// on the file's tempo map. Reads only meta events and each track's last tick.</summary>
    private static (MidiSong, NotePairer) ReadHeader(MidiFile file)
    {
        var song = new MidiSong(file.TicksPerQuarterNote);
        song.Warnings.AddRange(file.Warnings);
        var first = file.Tracks.Count > 0 ? file.Tracks[0] : null;
        var map = TempoMap.FromTrack(first, file.TicksPerQuarterNote, song.Warnings);
        foreach (var (_, time, bpm) in map.GetSegments()) song.TempoChanges.Add(new TempoChange(time, bpm));

        long maxTick = 0;
        for (int t = 0; t < file.Tracks.Count; t++)
        {
            var events = file.Tracks[t].Events;
            if (events.Count > 0) maxTick = Math.Max(maxTick, events[^1].Tick);
            if (t == 0) continue;
            foreach (var e in events)
            {
                if (e.IsMeta(MidiMetaType.SetTempo) || e.IsMeta(MidiMetaType.KeySignature) || e.IsMeta(MidiMetaType.TimeSignature))
                {
                    song.Warnings.Add($"track {t}: tempo, key or time signature events outside the first track are ignored (not a valid format 0/1 file); times use the first track's tempo map");
                    break;
                }
            }
        }
        if (file.Format == 2 && file.Tracks.Count > 1)
            song.Warnings.Add("format 2 file: its tracks are independent sequences, but times use the first track's tempo map (as pretty_midi does)");
        if (maxTick + 1 > 10_000_000)
            song.Warnings.Add($"largest tick {maxTick} exceeds 10^7: pretty_midi rejects such files as likely corrupt");

        if (first is not null) ReadMetadata(first, map, song);
        return (song, new NotePairer(map));
    }

    private static void ReadMetadata(MidiTrack track, TempoMap map, MidiSong song)
    {
        int segment = 0;
        foreach (var e in track.Events)
        {
            if (e.Type != MidiEventType.Meta) continue;
            var d = e.Data.Span;
            switch (e.MetaType)
            {
                case MidiMetaType.KeySignature:
                    // mido decodes −7…7 sharps and mode 0/1 only (pretty_midi fails on anything else).
                    if (d.Length < 2 || (sbyte)d[0] < -7 || (sbyte)d[0] > 7 || d[1] > 1)
                    {
                        song.Warnings.Add($"tick {e.Tick}: ignored an invalid key signature");
                        break;
                    }
                    song.KeySignatures.Add(new KeySignature(KeyNumber((sbyte)d[0], d[1] == 1), map.TickToSeconds(e.Tick, ref segment)));
                    break;
                case MidiMetaType.TimeSignature:
                    if (d.Length < 2 || d[0] == 0 || d[1] > 30)
                    {
                        song.Warnings.Add($"tick {e.Tick}: ignored an invalid time signature");
                        break;
                    }
                    song.TimeSignatures.Add(new TimeSignature(d[0], 1 << d[1], map.TickToSeconds(e.Tick, ref segment)));
                    break;
                case MidiMetaType.Lyric:
                    song.Lyrics.Add((e.Text, map.TickToSeconds(e.Tick, ref segment)));
                    break;
            }
        }
    }

    /// <summary>pretty_midi's key number (0–11 major C…B, 12–23 minor) of a key signature with
    /// <paramref name="sharps"/> (negative: flats): the tonic moves a fifth (7 semitones) per sharp,
    /// and the relative minor's tonic is 9 semitones above the major one.</summary>
    internal static int KeyNumber(int sharps, bool minor)
    {
        int tonic = (((7 * sharps + (minor ? 9 : 0)) % 12) + 12) % 12;
        return minor ? tonic + 12 : tonic;
    }
}
