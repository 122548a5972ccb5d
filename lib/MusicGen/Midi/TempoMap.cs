namespace MusicGen.Midi;

/// <summary>
/// Ticks ↔ seconds for one file: a piecewise-linear map built from Set Tempo events, with
/// pretty_midi 0.2.9's exact arithmetic so times match it to the last bit. Each segment i starts
/// at tick t_i with s_i seconds per tick; its start time is T_i = T_{i−1} + s_{i−1}·(t_i − t_{i−1})
/// and a tick k in it maps to T_i + s_i·(k − t_i).
/// </summary>
/// <remarks>
/// The rules of pretty_midi's <c>_load_tempo_changes</c>: the map starts at 120 bpm; a tempo at
/// tick 0 replaces the whole map so far (the last tick-0 tempo wins); a later tempo is appended
/// only when its seconds-per-tick differs from the previous segment's ("repeated BPM happens
/// often"). s = 60 / ((60,000,000 / µs) · resolution), computed in that order.
/// </remarks>
internal sealed class TempoMap
{
    private long[] _ticks = new long[4];
    private double[] _times = new double[4];
    private double[] _scales = new double[4];
    private int _count;

    /// <summary>A map at the SMF default of 120 bpm with <paramref name="resolution"/> ticks per quarter.</summary>
    public TempoMap(int resolution)
    {
        if (resolution <= 0) throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "Ticks per quarter note must be positive.");
        Resolution = resolution;
        _scales[0] = 60.0 / (120.0 * resolution);
        _count = 1;
    }

    /// <summary>Ticks per quarter note.</summary>
    public int Resolution { get; }

    /// <summary>Number of tempo segments (at least 1).</summary>
    public int Count => _count;

    /// <summary>Builds the map from the Set Tempo events of <paramref name="track"/> (the first track
    /// of a format 0 or 1 file). Set Tempo events with a payload shorter than 3 bytes or a tempo of 0
    /// are skipped and reported through <paramref name="warnings"/>.</summary>
    public static TempoMap FromTrack(MidiTrack? track, int resolution, List<string>? warnings = null)
    {
        var map = new TempoMap(resolution);
        if (track is null) return map;
        foreach (var e in track.Events)
        {
            if (!e.IsMeta(MidiMetaType.SetTempo)) continue;
            var us = e.TempoMicroseconds;
            if (e.Data.Length < 3 || us == 0)
            {
                warnings?.Add($"tick {e.Tick}: ignored a Set Tempo event with {(us == 0 ? "tempo 0" : $"{e.Data.Length} data bytes")}");
                continue;
            }
            map.Add(e.Tick, us);
        }
        return map;
    }

    /// <summary>Applies one Set Tempo event (pretty_midi's rules, see remarks). Ticks must not decrease.</summary>
    public void Add(long tick, int microsecondsPerQuarter)
    {
        if (microsecondsPerQuarter <= 0) throw new ArgumentOutOfRangeException(nameof(microsecondsPerQuarter), microsecondsPerQuarter, "Tempo must be positive.");
        if (tick < _ticks[_count - 1]) throw new ArgumentException($"Tempo ticks must not decrease ({tick} after {_ticks[_count - 1]}).", nameof(tick));
        double bpm = 6e7 / microsecondsPerQuarter;
        double scale = 60.0 / (bpm * Resolution);
        if (tick == 0)
        {
            _count = 1;
            _scales[0] = scale;
            return;
        }
        if (scale == _scales[_count - 1]) return;
        if (_count == _ticks.Length)
        {
            Array.Resize(ref _ticks, _count * 2);
            Array.Resize(ref _times, _count * 2);
            Array.Resize(ref _scales, _count * 2);
        }
        _ticks[_count] = tick;
        _times[_count] = _times[_count - 1] + _scales[_count - 1] * (tick - _ticks[_count - 1]);
        _scales[_count] = scale;
        _count++;
    }

    /// <summary>Seconds at <paramref name="tick"/>.</summary>
    public double TickToSeconds(long tick)
    {
        int i = SegmentOfTick(tick);
        return _times[i] + _scales[i] * (tick - _ticks[i]);
    }

    /// <summary>Seconds at <paramref name="tick"/>, starting the segment search at
    /// <paramref name="segment"/> and leaving it at the segment found: O(1) amortised for ticks that
    /// do not decrease (one track's events in order).</summary>
    internal double TickToSeconds(long tick, ref int segment)
    {
        int i = segment;
        if (i >= _count || _ticks[i] > tick) i = SegmentOfTick(tick);
        else while (i + 1 < _count && _ticks[i + 1] <= tick) i++;
        segment = i;
        return _times[i] + _scales[i] * (tick - _ticks[i]);
    }

    /// <summary>The nearest tick to <paramref name="seconds"/> (negative times map to tick 0).</summary>
    public long SecondsToTick(double seconds)
    {
        if (!double.IsFinite(seconds)) throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "Time must be finite.");
        if (seconds <= 0) return 0;
        int lo = 0, hi = _count - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if (_times[mid] <= seconds) lo = mid; else hi = mid - 1;
        }
        double ticks = Math.Round((seconds - _times[lo]) / _scales[lo]);
        return _ticks[lo] + (long)Math.Min(ticks, 1e15);
    }

    /// <summary>The tempo segments as (tick, seconds, quarter notes per minute), in order.</summary>
    public IReadOnlyList<(long Tick, double Time, double Bpm)> GetSegments()
    {
        var list = new (long, double, double)[_count];
        for (int i = 0; i < _count; i++) list[i] = (_ticks[i], _times[i], 60.0 / (_scales[i] * Resolution));
        return list;
    }

    /// <summary>Microseconds per quarter note of segment <paramref name="i"/>, rounded (for writing).</summary>
    internal int MicrosecondsAt(int i) => (int)Math.Round(_scales[i] * Resolution * 1e6);

    private int SegmentOfTick(long tick)
    {
        int lo = 0, hi = _count - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if (_ticks[mid] <= tick) lo = mid; else hi = mid - 1;
        }
        return lo;
    }

    public override string ToString() => $"TempoMap(resolution={Resolution}, segments={_count})";
}
