using MusicGen.Midi;
using MusicGen.Representations;

namespace MusicGen.Evaluation;

/// <summary>
/// The absolute measurements of Yang &amp; Lerch, "On the evaluation of generative models in music",
/// Neural Computing and Applications 32:4773–4784 (2020), following mgeval's <c>core.py</c>
/// (SOURCES.md §5.1). Pitch features use the piano roll of instrument 0 at fs = 100 with
/// pretty_midi semantics (<see cref="PianoRoll.GetPianoRoll(Instrument, double, double[], int?)"/>,
/// sustain pedal applied as mgeval's default call does). Where mgeval walks the raw MIDI events of
/// one track (note count, pitch interval, note lengths, per-bar counts) we walk the notes of
/// instrument 0 sorted by onset, ties by pitch (the file's event order is not kept by the song
/// model), and measure lengths in ticks of the song's resolution through its tempo map.
/// Undefined results (no notes) are NaN, as NumPy gives them.
/// </summary>
public static partial class YangLerchFeatures
{
    /// <summary>Columns per second of mgeval's piano rolls.</summary>
    public const double Fs = 100;

    /// <summary>mgeval's transition window: |end_i − start_j| &lt; 0.05 s counts i → j.</summary>
    public const double DefaultTimeThreshold = 0.05;

    /// <summary>Pitch count (PC, <c>total_used_pitch</c>): pitch rows of instrument 0's fs = 100
    /// roll with a non-zero sum (a note shorter than one 10 ms column does not count).</summary>
    public static double TotalUsedPitch(MidiSong song)
    {
        var sums = PitchRowSums(song);
        return sums.Count(s => s > 0);
    }

    /// <summary>Pitch range (PR): highest minus lowest non-zero row of instrument 0's roll; NaN
    /// when the roll is empty (mgeval raises).</summary>
    public static double PitchRange(MidiSong song)
    {
        var sums = PitchRowSums(song);
        int lo = Array.FindIndex(sums, s => s > 0), hi = Array.FindLastIndex(sums, s => s > 0);
        return lo < 0 ? double.NaN : hi - lo;
    }

    /// <summary>
    /// Pitch class histogram (PCH, <c>total_pitch_class_histogram</c>): instrument 0's fs = 100 roll
    /// summed over time (so weighted by duration in columns × velocity), folded mod 12, normalized
    /// to sum 1. Length 12, C first; all NaN when the roll is empty.
    /// </summary>
    public static double[] TotalPitchClassHistogram(MidiSong song)
    {
        var sums = PitchRowSums(song);
        var h = new double[12];
        for (var p = 0; p < 128; p++) h[p % 12] += sums[p];
        var total = h.Sum();
        for (var k = 0; k < 12; k++) h[k] /= total;
        return h;
    }

    /// <summary>
    /// Pitch class histogram per bar (<c>bar_pitch_class_histogram</c>): bars of
    /// round(60/bpm · numerator · 4/denominator · 100) columns of instrument 0's roll at an assumed
    /// tempo <paramref name="bpm"/> (not the song's), with the last time signature (4/4 if none).
    /// With <paramref name="numBar"/> null, round(T / bar length) bars; the roll is cut or
    /// zero-padded to whole bars. Each bar is normalized to sum 1 (all zeros if silent).
    /// </summary>
    /// <returns>(numBar × 12) row-major.</returns>
    public static double[] BarPitchClassHistogram(MidiSong song, int? numBar = null, double bpm = 120)
    {
        ArgumentNullException.ThrowIfNull(song);
        var roll = InstrumentZeroRoll(song);
        var width = roll.GetLength(1);
        var ts = song.TimeSignatures.Count > 0 ? song.TimeSignatures.OrderBy(t => t.Time).Last() : new TimeSignature(4, 4, 0);
        var barExact = 60.0 / bpm * ts.Numerator * 4 / ts.Denominator * Fs;
        var bars = numBar ?? (int)Math.Round(width / barExact, MidpointRounding.ToEven);
        // mgeval rounds the bar length when it also chose the number of bars, and takes the ceiling
        // when the caller fixed the number of bars.
        var barLength = numBar is null ? (int)Math.Round(barExact, MidpointRounding.ToEven) : (int)Math.Ceiling(barExact);
        var r = new double[bars * 12];
        for (var b = 0; b < bars; b++)
        {
            double total = 0;
            for (var t = b * barLength; t < Math.Min((b + 1) * barLength, width); t++)
                for (var p = 0; p < 128; p++)
                {
                    var v = roll[p, t];
                    if (v == 0) continue;
                    r[b * 12 + p % 12] += v;
                    total += v;
                }
            if (total == 0) continue;
            for (var k = 0; k < 12; k++) r[b * 12 + k] /= total;
        }
        return r;
    }

    /// <summary>
    /// Pitch class transition matrix (PCTM): pretty_midi's
    /// <c>get_pitch_class_transition_matrix(time_thresh)</c> summed over instruments (drums and
    /// instruments with fewer than two notes contribute nothing): every ordered pair (i, j), i = j
    /// included, with |end_i − start_j| &lt; <paramref name="timeThreshold"/> adds one to
    /// [pc_i, pc_j]. <paramref name="normalize"/>: 0 raw counts, 1 per row (empty rows stay 0),
    /// 2 by the total (NaN when there is no transition), as mgeval.
    /// </summary>
    /// <returns>12 × 12 row-major, source pitch class = row.</returns>
    public static double[] PitchClassTransitionMatrix(MidiSong song, int normalize = 0, double timeThreshold = DefaultTimeThreshold)
    {
        ArgumentNullException.ThrowIfNull(song);
        var m = new double[144];
        foreach (var inst in song.Instruments)
        {
            if (inst.IsDrum || inst.Notes.Count <= 1) continue;
            foreach (var a in inst.Notes)
                foreach (var b in inst.Notes)
                    if (Math.Abs(a.End - b.Start) < timeThreshold) m[a.Pitch % 12 * 12 + b.Pitch % 12]++;
        }
        return Normalize(m, 12, normalize);
    }

    /// <summary>Piano roll of the first instrument at fs = 100 (pedal at 64), (128, T); (128, 0)
    /// for a song without instruments.</summary>
    internal static float[,] InstrumentZeroRoll(MidiSong song)
    {
        ArgumentNullException.ThrowIfNull(song);
        return song.Instruments.Count == 0 ? new float[128, 0] : PianoRoll.GetPianoRoll(song.Instruments[0], Fs);
    }

    /// <summary>Row sums of <see cref="InstrumentZeroRoll"/>, length 128 (double, as NumPy sums).</summary>
    /// <remarks>Without a sustain pedal or pitch bends a row of the roll is the notes' velocities laid end to end, so
    /// its sum is Σ velocity · columns over the row's notes, computed here without building the 128 × T roll (three of
    /// the nine features read these sums, for every song of every set). The sums are whole numbers far below 2²⁴, so
    /// they equal the roll's sums exactly; <see cref="PitchRowSumsFromRoll"/> is the reference the tests compare.</remarks>
    internal static double[] PitchRowSums(MidiSong song)
    {
        ArgumentNullException.ThrowIfNull(song);
        if (song.Instruments.Count == 0) return new double[128];
        var inst = song.Instruments[0];
        if (inst.PitchBends.Count > 0 || inst.ControlChanges.Any(c => c.Number == ControlChange.SustainPedal)) return PitchRowSumsFromRoll(song);
        var sums = new double[128];
        if (inst.IsDrum || inst.Notes.Count == 0) return sums;
        // PianoRoll.Compute: width = int(fs · end time); a note covers columns [int(start · fs), min(int(end · fs), width)).
        int width = (int)(Fs * inst.GetEndTime());
        foreach (var note in inst.Notes)
        {
            int a = Math.Max((int)(note.Start * Fs), 0), b = Math.Min((int)(note.End * Fs), width);
            if (b > a) sums[note.Pitch] += (double)note.Velocity * (b - a);
        }
        return sums;
    }

    /// <summary>Reference for <see cref="PitchRowSums"/>: builds <see cref="InstrumentZeroRoll"/> and sums its rows.</summary>
    internal static double[] PitchRowSumsFromRoll(MidiSong song)
    {
        var roll = InstrumentZeroRoll(song);
        var sums = new double[128];
        var width = roll.GetLength(1);
        for (var p = 0; p < 128; p++)
        {
            double s = 0;
            for (var t = 0; t < width; t++) s += roll[p, t];
            sums[p] = s;
        }
        return sums;
    }

    /// <summary>mgeval's matrix normalization: 0 none, 1 rows (zero rows divided by 1), 2 total.</summary>
    internal static double[] Normalize(double[] m, int size, int mode)
    {
        switch (mode)
        {
            case 0:
                return m;
            case 1:
                for (var r = 0; r < size; r++)
                {
                    double s = 0;
                    for (var c = 0; c < size; c++) s += m[r * size + c];
                    if (s == 0) s = 1;
                    for (var c = 0; c < size; c++) m[r * size + c] /= s;
                }
                return m;
            case 2:
                var total = m.Sum();
                for (var i = 0; i < m.Length; i++) m[i] /= total;
                return m;
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "normalize must be 0 (none), 1 (rows) or 2 (total).");
        }
    }
}
