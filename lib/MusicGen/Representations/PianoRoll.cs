using System.Globalization;
using System.Runtime.InteropServices;
using MusicGen.Formatting;
using MusicGen.Midi;
using MusicGen.Plotting;

namespace MusicGen.Representations;

/// <summary>
/// A piano roll with pretty_midi's <c>get_piano_roll</c> semantics (SOURCES.md §4) and the inverse "reverse
/// piano roll" recipe (§2.5): <see cref="Values"/> is a <c>float[128, T]</c>, row = MIDI pitch 0–127, column = time
/// frame of 1/<see cref="Fs"/> seconds starting at <see cref="StartTime"/>, value = summed note velocities (not
/// binary). Arithmetic is done in double, as NumPy does, and cast to float32 at the end. The roll remembers its
/// <see cref="Fs"/> and start, so turning it back into notes or plotting it needs no extra arguments; it converts
/// implicitly to the bare <c>float[,]</c> (pretty_midi's NumPy array) and displays itself as a figure in a notebook.
/// </summary>
[TypeFormatterSource(typeof(MusicFormatterSource))]
public sealed partial class PianoRoll
{
    /// <summary>Number of rows of every roll: the MIDI pitches 0–127.</summary>
    public const int Pitches = 128;

    /// <param name="values">(128, T) velocities; kept, not copied.</param>
    /// <param name="fs">Frames per second.</param>
    /// <param name="startTime">Seconds at column 0.</param>
    public PianoRoll(float[,] values, double fs, double startTime = 0)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.GetLength(0) != Pitches) throw new ArgumentException($"a piano roll has {Pitches} rows (MIDI pitches), got {values.GetLength(0)}", nameof(values));
        if (!(fs > 0) || double.IsInfinity(fs)) throw new ArgumentOutOfRangeException(nameof(fs), fs, "fs must be a positive number of columns per second.");
        if (!double.IsFinite(startTime) || startTime < 0) throw new ArgumentOutOfRangeException(nameof(startTime), startTime, "startTime must be ≥ 0 seconds.");
        (Values, Fs, StartTime) = (values, fs, startTime);
    }

    /// <summary>(128, T): velocity sums per pitch and frame.</summary>
    public float[,] Values { get; }

    /// <summary>Frames (columns) per second.</summary>
    public double Fs { get; }

    /// <summary>Seconds at column 0 (0 for a whole song; the cut's start after <see cref="Slice"/>).</summary>
    public double StartTime { get; }

    /// <summary>Frames T.</summary>
    public int Frames => Values.GetLength(1);

    /// <summary>Seconds covered: T / fs.</summary>
    public double Seconds => Frames / Fs;

    /// <summary>Velocity sum of <paramref name="pitch"/> in frame <paramref name="frame"/>.</summary>
    public float this[int pitch, int frame] => Values[pitch, frame];

    /// <summary>Like the array's: 128 for dimension 0, <see cref="Frames"/> for dimension 1.</summary>
    public int GetLength(int dimension) => Values.GetLength(dimension);

    /// <summary>The bare array (pretty_midi's NumPy roll), without copying.</summary>
    public static implicit operator float[,](PianoRoll roll) => roll?.Values!;

    /// <summary>Frames [start·fs, end·fs) of this roll (times in seconds of the song), as a roll that starts there.</summary>
    public PianoRoll Slice(double startSeconds, double endSeconds)
    {
        int a = Math.Clamp((int)Math.Round((startSeconds - StartTime) * Fs), 0, Frames);
        int b = Math.Clamp((int)Math.Round((endSeconds - StartTime) * Fs), a, Frames);
        var v = new float[Pitches, b - a];
        for (int p = 0; p < Pitches; p++)
            for (int t = a; t < b; t++) v[p, t - a] = Values[p, t];
        return new PianoRoll(v, Fs, StartTime + a / Fs);
    }

    /// <summary>Back to notes (<see cref="ToMidiSong(float[,], double, int, int?)"/> at this roll's fs), shifted by <see cref="StartTime"/>.</summary>
    public MidiSong ToMidiSong(int program = 0, int? velocity = null)
    {
        var song = ToMidiSong(Values, Fs, program, velocity);
        if (StartTime != 0)
            foreach (var i in song.Instruments)
                for (int n = 0; n < i.Notes.Count; n++) i.Notes[n] = i.Notes[n] with { Start = i.Notes[n].Start + StartTime, End = i.Notes[n].End + StartTime };
        return song;
    }

    /// <summary>The roll as a figure (pitch × seconds, colour = velocity).</summary>
    public Figure ToFigure(string? title = null, int width = 900, int height = 360) =>
        Plot.PianoRoll(Values, Fs, title ?? ToString(), width, height);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"PianoRoll(128 × {Frames}, fs={Fs:0.###}, start={StartTime:0.###} s, {Seconds:0.##} s)");

    /// <summary>
    /// The whole song's piano roll (pretty_midi <c>PrettyMIDI.get_piano_roll</c>): every
    /// instrument's roll with the same arguments, summed into a zero-padded (128, max T) array.
    /// A song without instruments gives (128, 0).
    /// </summary>
    /// <param name="song">The song, times in seconds.</param>
    /// <param name="fs">Columns per second (e.g. 100 → 10 ms frames).</param>
    /// <param name="times">Optional sample times in seconds; each output column n is the mean of
    /// the roll over columns [round(times[n]·fs), round(times[n+1]·fs)); the last column is always
    /// empty (pretty_midi's behaviour). Must be non-decreasing.</param>
    /// <param name="pedalThreshold">CC64 value at or above which the sustain pedal is down; null
    /// ignores the pedal.</param>
    /// <returns>A (128, T) roll at <paramref name="fs"/> (with <paramref name="times"/>, column n is sample n).</returns>
    public static PianoRoll GetPianoRoll(MidiSong song, double fs = 100, double[]? times = null, int? pedalThreshold = 64)
    {
        ArgumentNullException.ThrowIfNull(song);
        if (times is not null) return new PianoRoll(ToFloat(SumIntegrated(song, fs, times, pedalThreshold)), fs);
        var rolls = new List<double[,]>(song.Instruments.Count);
        foreach (var instrument in song.Instruments) rolls.Add(Compute(instrument, fs, times, pedalThreshold));
        var width = 0;
        foreach (var r in rolls) width = Math.Max(width, r.GetLength(1));
        var sum = new double[Pitches, width];
        foreach (var r in rolls)
        {
            var w = r.GetLength(1);
            for (var p = 0; p < Pitches; p++)
                for (var t = 0; t < w; t++) sum[p, t] += r[p, t];
        }
        return new PianoRoll(ToFloat(sum), fs);
    }

    /// <summary>
    /// One instrument's piano roll (pretty_midi <c>Instrument.get_piano_roll</c>): notes add their
    /// velocity over columns [int(start·fs), int(end·fs)); the sustain pedal extends sounding rows
    /// by their running maximum between pedal-down and pedal-up; pitch bends shift and interpolate
    /// rows; drums give zeros. An instrument without notes gives (128, 0), even with
    /// <paramref name="times"/>.
    /// </summary>
    /// <returns>A (128, T) roll at <paramref name="fs"/>.</returns>
    public static PianoRoll GetPianoRoll(Instrument instrument, double fs = 100, double[]? times = null, int? pedalThreshold = 64)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return new PianoRoll(ToFloat(Compute(instrument, fs, times, pedalThreshold)), fs);
    }

    /// <summary>
    /// The song's roll with sample times: each instrument's roll integrated over the times and added
    /// straight into one (128, times.Length) sum, in instrument order, as summing the per-instrument outputs would
    /// (same additions, same order, so the same doubles) without a second (128, T) array per instrument. Instruments
    /// without notes contribute a (128, 0) roll, so a song where none has notes gives (128, 0).
    /// </summary>
    private static double[,] SumIntegrated(MidiSong song, double fs, double[] times, int? pedalThreshold)
    {
        double[,]? sum = null;
        foreach (var instrument in song.Instruments)
        {
            var (roll, width) = RollBeforeSampling(instrument, fs, times, pedalThreshold);
            if (roll is null) continue;
            sum ??= new double[Pitches, times.Length];
            Integrate(roll, width, times, fs, sum);
        }
        return sum ?? new double[Pitches, 0];
    }

    /// <summary>Steps 1–7 for <see cref="SumIntegrated"/>: the instrument's roll sized for <paramref name="times"/>, not yet
    /// integrated, or null for an instrument without notes (pretty_midi's (128, 0)); a drum track gives a (128, 0) roll,
    /// which integrates to the zeros pretty_midi returns for it.</summary>
    private static (double[,]? Roll, int Width) RollBeforeSampling(Instrument instrument, double fs, double[] times, int? pedalThreshold)
    {
        if (!(fs > 0) || double.IsInfinity(fs)) throw new ArgumentOutOfRangeException(nameof(fs), fs, "fs must be a positive number of columns per second.");
        ValidateTimes(times);
        if (instrument.Notes.Count == 0) return (null, 0);
        var endTime = instrument.GetEndTime();
        if (times.Length > 0 && times[^1] > endTime) endTime = times[^1];
        return instrument.IsDrum ? (new double[Pitches, 0], 0) : (Fill(instrument, fs, endTime, pedalThreshold, scratch: true), (int)(fs * endTime));
    }

    /// <summary>The §4 algorithm in double precision, (128, T).</summary>
    internal static double[,] Compute(Instrument instrument, double fs, double[]? times, int? pedalThreshold)
    {
        if (!(fs > 0) || double.IsInfinity(fs)) throw new ArgumentOutOfRangeException(nameof(fs), fs, "fs must be a positive number of columns per second.");
        ValidateTimes(times);
        // 1. No notes → (128, 0), even when times are given.
        if (instrument.Notes.Count == 0) return new double[Pitches, 0];
        // 2. End of the last note, bend or control change, extended to the last sample time.
        var endTime = instrument.GetEndTime();
        if (times is { Length: > 0 } && times[^1] > endTime) endTime = times[^1];
        // 3. Width truncates fs·end_time.
        var width = (int)(fs * endTime);
        // 4. Drums have no pitch: zeros.
        if (instrument.IsDrum) return new double[Pitches, times is null ? width : times.Length];
        var roll = Fill(instrument, fs, endTime, pedalThreshold);
        // 8./9. Return the roll, or integrate it over the sample times.
        return times is null ? roll : Integrate(roll, roll.GetLength(1), times, fs, new double[Pitches, times.Length]);
    }

    /// <summary>Steps 3 and 5–7: the (128, int(fs·endTime)) roll of the notes, sustain pedal and pitch bends.</summary>
    private static double[,] Fill(Instrument instrument, double fs, double endTime, int? pedalThreshold) =>
        Fill(instrument, fs, endTime, pedalThreshold, scratch: false);

    /// <summary>A song's sampled roll needs each instrument's full roll only until it is integrated, so the instruments
    /// of a thread share one zeroed (128, ≥ width) buffer instead of each allocating (and the GC zeroing and paging in)
    /// 128 · width doubles; columns from the roll's width on are never read.</summary>
    [ThreadStatic] private static double[,]? sharedRoll;

    private static double[,] Fill(Instrument instrument, double fs, double endTime, int? pedalThreshold, bool scratch)
    {
        // 3. Width truncates fs·end_time.
        var width = (int)(fs * endTime);
        double[,] roll;
        if (!scratch) roll = new double[Pitches, width];
        else
        {
            roll = sharedRoll is { } shared && shared.GetLength(1) >= width ? shared : sharedRoll = new double[Pitches, Math.Max(width, 1024)];
            for (var p = 0; p < Pitches; p++) MemoryMarshal.CreateSpan(ref roll[p, 0], width).Clear();
        }
        // 5. Notes add their velocity; a note shorter than a column may vanish.
        foreach (var note in instrument.Notes)
        {
            int a = (int)(note.Start * fs), b = Math.Min((int)(note.End * fs), width);
            for (var t = Math.Max(a, 0); t < b; t++) roll[note.Pitch, t] += note.Velocity;
        }
        // 6. Sustain pedal, then 7. pitch bends (pretty_midi's order).
        if (pedalThreshold is int threshold) ApplySustainPedal(roll, width, instrument.ControlChanges, fs, threshold);
        ApplyPitchBends(roll, width, instrument.PitchBends, fs, endTime);
        return roll;
    }

    /// <summary>At each pedal down→up transition, columns [int(t_down·fs), int(t_up·fs)) of every row
    /// become the running maximum along time: sounding notes are held at their loudest velocity.
    /// A pedal still down at the end is never applied (as in pretty_midi).</summary>
    private static void ApplySustainPedal(double[,] roll, int width, List<ControlChange> controlChanges, double fs, int threshold)
    {
        var pedalOnColumn = 0;
        var isPedalOn = false;
        foreach (var cc in controlChanges)
        {
            if (cc.Number != ControlChange.SustainPedal) continue;
            var now = (int)(cc.Time * fs);
            var down = cc.Value >= threshold;
            if (!isPedalOn && down)
            {
                pedalOnColumn = now;
                isPedalOn = true;
            }
            else if (isPedalOn && !down)
            {
                var end = Math.Min(now, width);
                for (var p = 0; p < Pitches; p++)
                    for (var t = pedalOnColumn + 1; t < end; t++)
                        if (roll[p, t - 1] > roll[p, t]) roll[p, t] = roll[p, t - 1];
                isPedalOn = false;
            }
        }
    }

    /// <summary>Bends sorted by time (stable) with a sentinel 0-bend at <paramref name="endTime"/>;
    /// each bend with |pitch| ≥ 1 shifts its columns by the integer semitone part n and
    /// interpolates neighbouring rows by the fraction f (2 semitones = 8192).</summary>
    private static void ApplyPitchBends(double[,] roll, int width, List<PitchBend> pitchBends, double fs, double endTime)
    {
        if (pitchBends.Count == 0) return;
        var bends = pitchBends.OrderBy(b => b.Time).ToList();
        bends.Add(new PitchBend(0, endTime));
        var y = new double[Pitches];
        for (var i = 0; i + 1 < bends.Count; i++)
        {
            var bend = bends[i];
            if (Math.Abs(bend.Pitch) < 1) continue;
            var semitones = 2.0 * bend.Pitch / 8192;
            var n = (int)(Math.Sign(semitones) * Math.Floor(Math.Abs(semitones)));
            var f = Math.Abs(semitones - n);
            int a = (int)(bend.Time * fs), b = Math.Min((int)(bends[i + 1].Time * fs), width);
            for (var t = Math.Max(a, 0); t < b; t++)
            {
                // Y = the column shifted by n rows (zeros shifted in), then interpolated towards the
                // neighbour below (upward bend) or above (downward bend), from the old Y.
                for (var r = 0; r < Pitches; r++)
                {
                    var src = r - n;
                    y[r] = src is >= 0 and < Pitches ? roll[src, t] : 0;
                }
                if (bend.Pitch >= 0)
                    for (var r = Pitches - 1; r >= 1; r--) y[r] = (1 - f) * y[r] + f * y[r - 1];
                else
                    for (var r = 0; r < Pitches - 1; r++) y[r] = (1 - f) * y[r] + f * y[r + 1];
                for (var r = 0; r < Pitches; r++) roll[r, t] = y[r];
            }
        }
    }

    /// <summary>Output column n = mean of roll columns [c_n, c_{n+1}) with c = round-half-even(times·fs),
    /// one column when c_n == c_{n+1}, zero when c_n is past the roll; the last column stays 0.</summary>
    /// <param name="output">(128, times.Length); each cell gets the mean added (+= on zeros is the plain mean).</param>
    /// <param name="width">Columns of <paramref name="roll"/> that belong to it (a shared buffer may be wider).</param>
    private static double[,] Integrate(double[,] roll, int width, double[] times, double fs, double[,] output)
    {
        var cols = new int[times.Length];
        for (var i = 0; i < times.Length; i++) cols[i] = (int)Math.Round(times[i] * fs, MidpointRounding.ToEven);
        if (IsUnitGrid(cols)) return IntegrateUnitGrid(roll, width, cols[0], times.Length, output);
        // Pitch-major: the roll is (128, T) row-major, so walking a row keeps the reads sequential (a column at a
        // time strides T · 8 bytes per pitch). Each output cell sums the same columns in the same order as before.
        for (var p = 0; p < Pitches; p++)
            for (var n = 0; n + 1 < times.Length; n++)
            {
                int a = cols[n], b = cols[n + 1];
                if (a >= width) continue;
                if (a == b) b = a + 1;
                b = Math.Min(b, width);
                double s = 0;
                for (var t = a; t < b; t++) s += roll[p, t];
                output[p, n] += s / (b - a);
            }
        return output;
    }

    /// <summary>Sample times one roll column apart (c_n = c_0 + n, e.g. <c>arange(0, end, 1/fs)</c>), so every mean is
    /// over one column.</summary>
    private static bool IsUnitGrid(int[] cols)
    {
        for (var n = 1; n < cols.Length; n++) if (cols[n] != cols[0] + n) return false;
        return cols.Length > 0 && cols[0] >= 0;
    }

    /// <summary><see cref="Integrate"/> when every output column n &lt; N − 1 is the mean of the single roll column
    /// c_0 + n: x / 1 is x, so that is a row-by-row add of the roll's columns (same doubles, no division).</summary>
    private static double[,] IntegrateUnitGrid(double[,] roll, int width, int first, int samples, double[,] output)
    {
        var count = Math.Min(samples - 1, width - first);   // columns past the roll stay 0; the last sample too
        if (count <= 0) return output;
        for (var p = 0; p < Pitches; p++)
        {
            var source = MemoryMarshal.CreateReadOnlySpan(ref roll[p, first], count);
            var target = MemoryMarshal.CreateSpan(ref output[p, 0], count);
            for (var n = 0; n < count; n++) target[n] += source[n];
        }
        return output;
    }

    private static void ValidateTimes(double[]? times)
    {
        if (times is null) return;
        for (var i = 0; i < times.Length; i++)
        {
            if (double.IsNaN(times[i]) || times[i] < 0) throw new ArgumentException($"times[{i}] = {times[i]} is not a time in seconds.", nameof(times));
            if (i > 0 && times[i] < times[i - 1]) throw new ArgumentException($"times must be non-decreasing (times[{i}] < times[{i - 1}]).", nameof(times));
        }
    }

    internal static float[,] ToFloat(double[,] roll)
    {
        int rows = roll.GetLength(0), cols = roll.GetLength(1);
        var f = new float[rows, cols];
        if (cols == 0) return f;
        for (var r = 0; r < rows; r++)
        {
            var source = MemoryMarshal.CreateReadOnlySpan(ref roll[r, 0], cols);
            var target = MemoryMarshal.CreateSpan(ref f[r, 0], cols);
            for (var c = 0; c < cols; c++) target[c] = (float)source[c];
        }
        return f;
    }
}
