using MusicGen.Midi;

namespace MusicGen.Evaluation;

/// <summary>
/// The MusPy evaluation metrics (Dong et al., "MusPy: A toolkit for symbolic music generation",
/// ISMIR 2020; github <c>salu133445/muspy</c>, <c>muspy/metrics/metrics.py</c>), exactly as
/// SOURCES.md §5.2 describes them, quirks included. MusPy works in integer time steps: the song
/// is first converted with its tempo map to <c>resolution</c> steps per quarter note
/// (default 24): onset step = round(quarters(start) · resolution), duration = round(quarters of the
/// note · resolution), end = onset + duration, Python's round (half to even) — see <see cref="StepSong.From"/>. A track is an instrument; drum tracks are ignored
/// unless stated. Each method takes the song and converts it; convert once with
/// <see cref="StepSong"/> overloads when computing many metrics.
/// </summary>
public static partial class MusPyMetrics
{
    /// <summary>MusPy's default resolution: time steps per quarter note.</summary>
    public const int DefaultResolution = 24;

    /// <summary>Highest − lowest pitch over non-drum notes; 0 when the song has no notes at all;
    /// quirk kept from MusPy: −127 when only drum notes exist (the loop skips drums after the
    /// "any notes?" check has counted them).</summary>
    public static double PitchRange(MidiSong song, int resolution = DefaultResolution) => PitchRange(StepSong.From(song, resolution));

    public static double PitchRange(StepSong m)
    {
        if (m.Tracks.Count == 0 || m.Tracks.All(t => t.Notes.Count == 0)) return 0;
        int highest = 0, lowest = 127;
        foreach (var n in m.PitchedNotes())
        {
            highest = Math.Max(highest, n.Pitch);
            lowest = Math.Min(lowest, n.Pitch);
        }
        return highest - lowest;
    }

    /// <summary>Number of distinct pitches of non-drum notes.</summary>
    public static double NPitchesUsed(MidiSong song, int resolution = DefaultResolution) => NPitchesUsed(StepSong.From(song, resolution));

    public static double NPitchesUsed(StepSong m) => m.PitchedNotes().Select(n => n.Pitch).Distinct().Count();

    /// <summary>Number of distinct pitch classes of non-drum notes.</summary>
    public static double NPitchClassesUsed(MidiSong song, int resolution = DefaultResolution) => NPitchClassesUsed(StepSong.From(song, resolution));

    public static double NPitchClassesUsed(StepSong m) => m.PitchedNotes().Select(n => n.Pitch % 12).Distinct().Count();

    /// <summary>Mean number of active pitches over the time steps where at least one pitch is on
    /// (binary roll of non-drum notes, steps [start, end)); NaN without such a step.</summary>
    public static double Polyphony(MidiSong song, int resolution = DefaultResolution) => Polyphony(StepSong.From(song, resolution));

    public static double Polyphony(StepSong m)
    {
        var active = ActivePitchCounts(m);
        long on = 0, sum = 0;
        foreach (var a in active)
        {
            if (a > 0) on++;
            sum += a;
        }
        return on < 1 ? double.NaN : (double)sum / on;
    }

    /// <summary>Fraction of all time steps (0 … song length) with <b>more than</b>
    /// <paramref name="threshold"/> active pitches (MusPy's code uses <c>&gt;</c>, its docstring says
    /// "multiple"); NaN for a zero-length song.</summary>
    public static double PolyphonyRate(MidiSong song, int threshold = 2, int resolution = DefaultResolution) =>
        PolyphonyRate(StepSong.From(song, resolution), threshold);

    public static double PolyphonyRate(StepSong m, int threshold = 2)
    {
        var active = ActivePitchCounts(m);
        if (active.Length < 1) return double.NaN;
        return (double)active.Count(a => a > threshold) / active.Length;
    }

    /// <summary>Fraction of non-drum notes whose pitch class lies in the scale: major (C major mask
    /// rotated by <paramref name="root"/>) or natural minor; NaN without notes.</summary>
    public static double PitchInScaleRate(MidiSong song, int root, string mode, int resolution = DefaultResolution) =>
        PitchInScaleRate(StepSong.From(song, resolution), root, mode);

    public static double PitchInScaleRate(StepSong m, int root, string mode)
    {
        var scale = Scale(root, mode);
        int count = 0, inScale = 0;
        foreach (var n in m.PitchedNotes())
        {
            count++;
            if (scale[n.Pitch % 12]) inScale++;
        }
        return count < 1 ? double.NaN : (double)inScale / count;
    }

    /// <summary>Largest <see cref="PitchInScaleRate(MidiSong, int, string, int)"/> over the 12 roots
    /// × {major, minor}; NaN without notes.</summary>
    public static double ScaleConsistency(MidiSong song, int resolution = DefaultResolution) => ScaleConsistency(StepSong.From(song, resolution));

    public static double ScaleConsistency(StepSong m)
    {
        var best = 0.0;
        foreach (var mode in new[] { "major", "minor" })
            for (var root = 0; root < 12; root++)
            {
                var rate = PitchInScaleRate(m, root, mode);
                if (double.IsNaN(rate)) return double.NaN;
                if (rate > best) best = rate;
            }
        return best;
    }

    /// <summary>Shannon entropy (bits) of the normalized 128-bin pitch histogram of non-drum note
    /// counts; NaN without notes.</summary>
    public static double PitchEntropy(MidiSong song, int resolution = DefaultResolution) => PitchEntropy(StepSong.From(song, resolution));

    public static double PitchEntropy(StepSong m)
    {
        var counter = new double[128];
        foreach (var n in m.PitchedNotes()) counter[n.Pitch]++;
        return Entropy(counter);
    }

    /// <summary>Shannon entropy (bits) of the normalized 12-bin pitch class histogram; NaN without notes.</summary>
    public static double PitchClassEntropy(MidiSong song, int resolution = DefaultResolution) => PitchClassEntropy(StepSong.From(song, resolution));

    public static double PitchClassEntropy(StepSong m)
    {
        var counter = new double[12];
        foreach (var n in m.PitchedNotes()) counter[n.Pitch % 12]++;
        return Entropy(counter);
    }

    internal static bool[] Scale(int root, string mode)
    {
        ArgumentNullException.ThrowIfNull(mode);
        bool[] c = mode.ToLowerInvariant() switch
        {
            "major" => new[] { true, false, true, false, true, true, false, true, false, true, false, true },
            "minor" => new[] { true, false, true, true, false, true, false, true, true, false, true, false },
            _ => throw new ArgumentException("`mode` must be either 'major' or 'minor'.", nameof(mode)),
        };
        // np.roll(c, root): element k moves to k + root.
        var r = new bool[12];
        for (var k = 0; k < 12; k++) r[((k + root) % 12 + 12) % 12] = c[k];
        return r;
    }

    /// <summary>Active non-drum pitches per time step over [0, length) (MusPy's binary roll summed
    /// over pitches); length = latest note end over all tracks, drums included.</summary>
    private static int[] ActivePitchCounts(StepSong m)
    {
        var length = Math.Max(m.Length, 0);
        var roll = new bool[length, 128];
        foreach (var n in m.PitchedNotes())
            for (var t = Math.Max(n.Time, 0); t < Math.Min(n.End, length); t++) roll[t, n.Pitch] = true;
        var counts = new int[length];
        for (var t = 0; t < length; t++)
            for (var p = 0; p < 128; p++)
                if (roll[t, p]) counts[t]++;
        return counts;
    }

    private static double Entropy(double[] counter)
    {
        var total = counter.Sum();
        if (total < 1) return double.NaN;
        double h = 0;
        foreach (var c in counter)
        {
            if (c == 0) continue; // nansum drops 0·log 0
            var p = c / total;
            h -= p * Math.Log2(p);
        }
        return h;
    }
}
