using System.Text.Json;
using MusicGen.Evaluation;

namespace MusicGen.Plotting;

/// <summary>
/// A histogram of values, binned by <see cref="Histogram"/> (numpy.histogram's rules):
/// a bin count over [min, max] of the finite values or explicit edges, half-open bins with the last one closed,
/// out-of-range values, ±∞ and NaN dropped; <see cref="Density"/> scales to unit area.
/// Counts are computed once, at construction.
/// </summary>
public sealed class HistogramTrace : Trace
{
    public HistogramTrace(IReadOnlyList<double> values, int bins = 10, (double Min, double Max)? range = null, bool density = false)
        : this(values, range is { } r ? Histogram.Compute(values, bins, r.Min, r.Max) : Histogram.Compute(values, bins), density) { }

    public HistogramTrace(IReadOnlyList<double> values, double[] edges, bool density = false)
        : this(values, Histogram.Compute(values, edges), density) { }

    HistogramTrace(IReadOnlyList<double> values, Histogram h, bool density)
    {
        Edges = h.Edges;
        Counts = h.Counts;
        Density = density;
        Heights = density ? h.Density : Counts.Select(c => (double)c).ToArray();
        ValueCount = values.Count(double.IsFinite);
    }

    /// <summary>Bin edges, length bins + 1.</summary>
    public double[] Edges { get; }

    /// <summary>Values per bin.</summary>
    public long[] Counts { get; }

    /// <summary>Bar heights drawn: counts, or densities when <see cref="Density"/>.</summary>
    public double[] Heights { get; }

    public bool Density { get; }

    public double Opacity { get; set; } = DefaultOpacity;

    internal const double DefaultOpacity = 0.85;

    private int ValueCount { get; }

    internal override int FiniteCount => ValueCount;

    internal override Extent GetExtent(bool xLog, bool yLog)
    {
        if (ValueCount == 0) return Extent.None;
        double ymax = Heights.Where(h => Extent.Ok(h, yLog)).DefaultIfEmpty(yLog ? 1 : 0).Max();
        double ymin = yLog ? Heights.Where(h => h > 0).DefaultIfEmpty(1).Min() : 0;
        return new Extent(Edges[0], Edges[^1], ymin, ymax, PadX: true, PadY: true, YFromZero: !yLog);
    }

    internal override void Render(SvgWriter svg, AxesFrame f, string color)
    {
        var extra = $"fill-opacity=\"{SvgWriter.N(Opacity)}\" stroke=\"#fff\" stroke-width=\"0.6\"";
        double baseY = f.YLog ? f.Y0 : 0;
        for (int i = 0; i < Heights.Length; i++)
        {
            if (!Extent.Ok(Heights[i], f.YLog) || Heights[i] == 0) continue;
            double xa = f.ClampX(f.X(Edges[i])), xb = f.ClampX(f.X(Edges[i + 1]));
            double ya = f.ClampY(f.Y(Heights[i])), yb = f.ClampY(f.Y(baseY));
            svg.Rect(Math.Min(xa, xb), Math.Min(ya, yb), Math.Abs(xb - xa), Math.Abs(yb - ya), color, extra);
        }
    }

    internal override void AddOccupancy(List<(double X, double Y)> points, AxesFrame f)
    {
        for (int i = 0; i < Heights.Length; i++)
            if (Heights[i] > 0) SampleRect(points, f.X(Edges[i]), f.Y(Heights[i]), f.X(Edges[i + 1]), f.Y(f.YLog ? f.Y0 : 0));
    }

    /// <summary>Written as a Plotly bar trace of the computed bins (so every front end shows
    /// exactly our binning, not Plotly's own).</summary>
    internal override void WritePlotly(Utf8JsonWriter w, string color, string xAxis, string yAxis)
    {
        w.WriteStartObject();
        WriteCommon(w, "bar", xAxis, yAxis);
        WriteArray(w, "x", Enumerable.Range(0, Heights.Length).Select(i => (Edges[i] + Edges[i + 1]) / 2).ToArray());
        WriteArray(w, "width", Enumerable.Range(0, Heights.Length).Select(i => Edges[i + 1] - Edges[i]).ToArray());
        WriteArray(w, "y", Heights);
        w.WriteStartObject("marker");
        w.WriteString("color", color);
        w.WriteNumber("opacity", Opacity);
        w.WriteStartObject("line");
        w.WriteString("color", "#ffffff");
        w.WriteNumber("width", 0.6);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
