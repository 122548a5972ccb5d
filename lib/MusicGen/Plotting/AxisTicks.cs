using MusicGen.Midi;

namespace MusicGen.Plotting;

/// <summary>
/// Tick positions and labels for one axis, laid out so labels never collide: numeric axes take
/// the largest 1-2-5 tick count whose labels fit side by side; category and pitch axes keep every
/// tick but rotate labels 45° and then thin them (every k-th) when they would still touch.
/// <see cref="Boxes"/> gives each shown label's estimated outline (four corners, px) for tests.
/// </summary>
internal sealed class AxisTicks
{
    public const double FontSize = 11;
    public const double TickLength = 4;
    public const double Gap = 6;        // min px between neighbouring horizontal labels
    private const double Sin45 = 0.70710678118654757;

    public required double[] Values { get; init; }
    /// <summary>Label per tick; empty when thinned away.</summary>
    public required string[] Labels { get; init; }
    /// <summary>0 (horizontal) or −45 degrees (x axis only).</summary>
    public double Rotation { get; init; }

    /// <summary>X-axis ticks for [lo, hi] drawn over <paramref name="lengthPx"/> px.</summary>
    public static AxisTicks ForX(double lo, double hi, double lengthPx, bool log, Func<double, double> toPx,
                                 string[]? categories = null, bool pitch = false, double maxLabelPx = 160)
    {
        if (categories is not null || pitch)
        {
            double[] values;
            string[] labels;
            if (categories is not null)
            {
                values = Enumerable.Range(0, categories.Length).Select(i => (double)i).Where(v => v >= lo - 0.5 && v <= hi + 0.5).ToArray();
                labels = values.Select(v => TextMetrics.Truncate(categories[(int)v], FontSize, maxLabelPx)).ToArray();
            }
            else (values, labels) = PitchTicks(lo, hi, Math.Max(2, (int)(lengthPx / 30)));
            if (HorizontalFits(values, labels, toPx)) return new AxisTicks { Values = values, Labels = labels };
            return Rotated(values, labels, toPx);
        }
        for (int maxCount = Math.Max(2, (int)(lengthPx / 50)); maxCount >= 2; maxCount--)
        {
            var (values, labels) = Numeric(lo, hi, maxCount, log);
            if (HorizontalFits(values, labels, toPx)) return new AxisTicks { Values = values, Labels = labels };
        }
        var (v2, l2) = Numeric(lo, hi, 2, log);
        return Rotated(v2, l2, toPx);
    }

    /// <summary>Y-axis ticks: horizontal labels stacked with at least one line height between them.</summary>
    public static AxisTicks ForY(double lo, double hi, double lengthPx, bool log, Func<double, double> toPx,
                                 string[]? categories = null, bool pitch = false)
    {
        double need = TextMetrics.Height(FontSize) + 2;
        for (int maxCount = Math.Max(2, (int)(lengthPx / 36)); ; maxCount--)
        {
            double[] values; string[] labels;
            if (categories is not null)
            {
                values = Enumerable.Range(0, categories.Length).Select(i => (double)i).Where(v => v >= lo - 0.5 && v <= hi + 0.5).ToArray();
                labels = values.Select(v => TextMetrics.Truncate(categories[(int)v], FontSize, 140)).ToArray();
                return new AxisTicks { Values = values, Labels = Thin(values, labels, toPx, need) };
            }
            (values, labels) = pitch ? PitchTicks(lo, hi, maxCount) : Numeric(lo, hi, maxCount, log);
            bool fits = true;
            for (int i = 1; i < values.Length && fits; i++) fits = Math.Abs(toPx(values[i]) - toPx(values[i - 1])) >= need;
            if (fits || maxCount <= 2) return new AxisTicks { Values = values, Labels = fits ? labels : Thin(values, labels, toPx, need) };
        }
    }

    /// <summary>User-given ticks inside [lo, hi]: labels as given (or the shortest
    /// exact-enough form), rotated and thinned on x, thinned on y, when they would collide.</summary>
    public static AxisTicks Fixed(double[] ticks, string[]? labels, double lo, double hi, Func<double, double> toPx, bool isX)
    {
        var keep = Enumerable.Range(0, ticks.Length).Where(i => double.IsFinite(ticks[i]) && ticks[i] >= lo && ticks[i] <= hi).ToArray();
        var values = keep.Select(i => ticks[i]).ToArray();
        var text = keep.Select(i => labels is not null && i < labels.Length ? TextMetrics.Truncate(labels[i], FontSize, 160)
                                                                         : NiceTicks.FormatShort(ticks[i])).ToArray();
        if (!isX) return new AxisTicks { Values = values, Labels = Thin(values, text, toPx, TextMetrics.Height(FontSize) + 2) };
        return HorizontalFits(values, text, toPx) ? new AxisTicks { Values = values, Labels = text } : Rotated(values, text, toPx);
    }

    /// <summary>Estimated label outlines: x axis labels below <paramref name="axisPos"/>, y axis labels left of it.</summary>
    public List<(double X, double Y)[]> Boxes(Func<double, double> toPx, double axisPos, bool isX)
    {
        var boxes = new List<(double X, double Y)[]>();
        double asc = 0.8 * FontSize, desc = 0.25 * FontSize;
        for (int i = 0; i < Values.Length; i++)
        {
            if (Labels[i].Length == 0) continue;
            double p = toPx(Values[i]), w = TextMetrics.Width(Labels[i], FontSize);
            if (!isX)
            {
                double x1 = axisPos - TickLength - 3, yb = p + 0.35 * FontSize;
                boxes.Add(new[] { (x1 - w, yb - asc), (x1, yb - asc), (x1, yb + desc), (x1 - w, yb + desc) });
            }
            else if (Rotation == 0)
            {
                double yb = LabelBaseline(axisPos);
                boxes.Add(new[] { (p - w / 2, yb - asc), (p + w / 2, yb - asc), (p + w / 2, yb + desc), (p - w / 2, yb + desc) });
            }
            else
            {
                // Text ends at the anchor and runs up-right along u; "up" for the glyphs is v.
                var (ax, ay) = (p, LabelBaseline(axisPos));
                (double X, double Y) u = (Sin45, -Sin45), v = (-Sin45, -Sin45);
                (double, double) At(double s, double t) => (ax + s * u.X + t * v.X, ay + s * u.Y + t * v.Y);
                boxes.Add(new[] { At(-w, -desc), At(0, -desc), At(0, asc), At(-w, asc) });
            }
        }
        return boxes;
    }

    /// <summary>Baseline (or rotation anchor) of x tick labels below an axis at <paramref name="axisY"/>.</summary>
    public double LabelBaseline(double axisY) => Rotation == 0 ? axisY + TickLength + 3 + 0.8 * FontSize : axisY + TickLength + 2 + 0.55 * FontSize;

    /// <summary>Vertical space the x labels take below the axis line, px.</summary>
    public double ExtentBelow()
    {
        if (Rotation == 0) return TickLength + 3 + 1.05 * FontSize;
        double w = 0;
        for (int i = 0; i < Labels.Length; i++) w = Math.Max(w, TextMetrics.Width(Labels[i], FontSize));
        return TickLength + 2 + 0.55 * FontSize + (w + 0.25 * FontSize) * Sin45 + 2;
    }

    /// <summary>How far rotated labels reach left of their tick (for the left margin), px.</summary>
    public double OverhangLeft(Func<double, double> toPx, double plotLeft)
    {
        double over = 0;
        for (int i = 0; i < Values.Length; i++)
        {
            if (Labels[i].Length == 0) continue;
            double w = TextMetrics.Width(Labels[i], FontSize);
            double reach = Rotation == 0 ? w / 2 : (w + 0.8 * FontSize) * Sin45;
            over = Math.Max(over, reach - (toPx(Values[i]) - plotLeft));
        }
        return over;
    }

    private static (double[] Values, string[] Labels) Numeric(double lo, double hi, int maxCount, bool log)
    {
        if (log)
        {
            var t = NiceTicks.Log(lo, hi, maxCount);
            return (t, t.Select(NiceTicks.FormatLog).ToArray());
        }
        var (ticks, step) = NiceTicks.Linear(lo, hi, maxCount);
        return (ticks, ticks.Select(v => NiceTicks.Format(v, step)).ToArray());
    }

    /// <summary>Pitch ticks: every semitone when there is room, else the Cs (every octave, or
    /// every few octaves), else — for a range without two Cs — the finest step dividing 12 that fits.</summary>
    private static (double[] Values, string[] Labels) PitchTicks(double lo, double hi, int maxCount)
    {
        double a = Math.Max(0, lo), b = Math.Min(127, hi);
        (double[], string[]) Named(double[] v) => (v, v.Select(p => PitchNames.Name((int)p)).ToArray());
        var all = NiceTicks.Multiples(a, b, 1);
        if (all.Length <= maxCount) return Named(all);
        foreach (var step in new[] { 12, 24, 36, 48, 60 })
        {
            var v = NiceTicks.Multiples(a, b, step);
            if (v.Length < 2 && step == 12) break;
            if (v.Length <= maxCount) return Named(v);
        }
        foreach (var step in new[] { 2, 3, 4, 6 })
        {
            var v = NiceTicks.Multiples(a, b, step);
            if (v.Length <= maxCount) return Named(v);
        }
        return Named(NiceTicks.Multiples(a, b, 12));
    }

    private static bool HorizontalFits(double[] values, string[] labels, Func<double, double> toPx)
    {
        for (int i = 1; i < values.Length; i++)
        {
            double need = (TextMetrics.Width(labels[i - 1], FontSize) + TextMetrics.Width(labels[i], FontSize)) / 2 + Gap;
            if (Math.Abs(toPx(values[i]) - toPx(values[i - 1])) < need) return false;
        }
        return true;
    }

    /// <summary>45° labels: parallel strips one line thick, so neighbours need dx·sin45 ≥ line height.</summary>
    private static AxisTicks Rotated(double[] values, string[] labels, Func<double, double> toPx) =>
        new() { Values = values, Labels = Thin(values, labels, p => toPx(p) * Sin45, TextMetrics.Height(FontSize) + 1), Rotation = -45 };

    /// <summary>Keeps every k-th label, with the smallest k that spaces shown labels ≥ <paramref name="need"/> px.</summary>
    private static string[] Thin(double[] values, string[] labels, Func<double, double> toPx, double need)
    {
        for (int k = 1; k <= Math.Max(1, values.Length); k++)
        {
            bool ok = true;
            for (int i = k; i < values.Length && ok; i += k) ok = Math.Abs(toPx(values[i]) - toPx(values[i - k])) >= need;
            if (ok) return labels.Select((l, i) => i % k == 0 ? l : "").ToArray();
        }
        return labels.Select((l, i) => i == 0 ? l : "").ToArray();
    }
}
