namespace MusicGen.Midi;

/// <summary>
/// pretty_midi 0.2.9's <c>_load_instruments</c> as a state machine fed one event at a time, track
/// by track: note pairing, program tracking and instrument grouping (rules in <see cref="SongReader"/>).
/// The only copy of the pairing logic: <see cref="SongReader.Read(MidiFile)"/> feeds it a parsed
/// file's events, and <see cref="SongReader.ReadStreaming"/> (large files)
/// feeds it straight from the parser, so a file's event list is never held in memory.
/// </summary>
internal sealed class NotePairer : IMidiEventSink
{
    /// <summary>Control changes and pitch bends that may be shared by several instruments.</summary>
    private sealed class EventBuffer
    {
        public readonly List<ControlChange> ControlChanges = new();
        public readonly List<PitchBend> PitchBends = new();
    }

    private struct OpenNote
    {
        public long Tick;
        public int Velocity;
        public double Time;
    }

    private readonly TempoMap _map;
    // Per (channel, pitch): notes opened and not yet closed, in note-on order. Reused across tracks.
    private readonly List<OpenNote>?[] _open = new List<OpenNote>?[16 * 128];
    private readonly List<int> _touched = new();
    private readonly int[] _programs = new int[16];
    // pretty_midi's instrument_map and stragglers, for the current track.
    private readonly EventBuffer?[] _stragglers = new EventBuffer?[16];                             // per channel
    private readonly (Instrument, EventBuffer)?[] _byProgram = new (Instrument, EventBuffer)?[16 * 128]; // (channel, program)
    private readonly List<(Instrument Instrument, EventBuffer Buffer)> _created = new();
    private string _trackName = "";
    private int _segment;

    public NotePairer(TempoMap map) => _map = map;

    public void StartTrack()
    {
        Array.Clear(_byProgram);
        Array.Clear(_stragglers);
        _trackName = "";
        Array.Clear(_programs);
        foreach (var k in _touched) _open[k]!.Clear();
        _touched.Clear();
        _segment = 0;
    }

    // Called once per event: optimised at once. At tier 0 it would run unoptimised for most of a short
    // `midi notes` run (tiering waits for a quiet 100 ms before recompiling), ~20% slower over piano-midi.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Add(in MidiEvent e)
    {
        switch (e.Type)
        {
            case MidiEventType.Meta:
                if (e.MetaType == MidiMetaType.TrackName) _trackName = e.Text;
                break;
            case MidiEventType.ProgramChange:
                _programs[e.Channel] = e.Data1;
                break;
            case MidiEventType.NoteOn when e.Velocity > 0:
            {
                int key = e.Channel * 128 + e.Note;
                var list = _open[key] ??= new List<OpenNote>(2);
                if (list.Count == 0) _touched.Add(key);
                list.Add(new OpenNote { Tick = e.Tick, Velocity = e.Velocity, Time = _map.TickToSeconds(e.Tick, ref _segment) });
                break;
            }
            case MidiEventType.NoteOn:
            case MidiEventType.NoteOff:
            {
                var list = _open[e.Channel * 128 + e.Note];
                if (list is null || list.Count == 0) break; // a note-off with no note on: ignored
                int kept = 0;
                double end = 0;
                Instrument? instrument = null;
                for (int k = 0; k < list.Count; k++)
                {
                    var n = list[k];
                    if (n.Tick == e.Tick)
                    {
                        list[kept++] = n; // started on this tick: kept if anything closes
                        continue;
                    }
                    if (instrument is null)
                    {
                        end = _map.TickToSeconds(e.Tick, ref _segment);
                        instrument = GetOrCreate(_programs[e.Channel], e.Channel);
                    }
                    instrument.Notes.Add(new Note(e.Note, n.Velocity, n.Time, end));
                }
                // Closed some and kept some: keep those; otherwise pretty_midi deletes the key.
                if (instrument is not null && kept > 0) list.RemoveRange(kept, list.Count - kept);
                else list.Clear();
                break;
            }
            case MidiEventType.PitchBend:
                BufferOf(_programs[e.Channel], e.Channel).PitchBends
                    .Add(new PitchBend(e.PitchBendValue, _map.TickToSeconds(e.Tick, ref _segment)));
                break;
            case MidiEventType.ControlChange:
                BufferOf(_programs[e.Channel], e.Channel).ControlChanges
                    .Add(new ControlChange(e.Data1, e.Data2, _map.TickToSeconds(e.Tick, ref _segment)));
                break;
        }
    }

    /// <summary>Adds the instruments, in creation order, with their (possibly shared) control changes and pitch bends.</summary>
    public void Finish(MidiSong song)
    {
        foreach (var (instrument, buffer) in _created)
        {
            instrument.ControlChanges.AddRange(buffer.ControlChanges);
            instrument.PitchBends.AddRange(buffer.PitchBends);
            song.Instruments.Add(instrument);
        }
    }

    /// <summary>The instrument of (program, channel, this track), created (with the track name so far and any straggler buffer) if missing.</summary>
    private Instrument GetOrCreate(int program, int channel)
    {
        int slot = channel * 128 + program;
        if (_byProgram[slot] is { } found) return found.Item1;
        var entry = (new Instrument(program, channel == 9, _trackName, channel), _stragglers[channel] ?? new EventBuffer());
        _byProgram[slot] = entry;
        _created.Add(entry);
        return entry.Item1;
    }

    /// <summary>Where a control change or pitch bend goes: the instrument's buffer if it exists, else the straggler buffer.</summary>
    private EventBuffer BufferOf(int program, int channel) =>
        _byProgram[channel * 128 + program] is { } found ? found.Item2 : _stragglers[channel] ??= new EventBuffer();
}
