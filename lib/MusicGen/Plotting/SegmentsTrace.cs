using System.Text.Json;

namespace MusicGen.Plotting;

/// <summary>
/// Independent line segments (x0, y0) → (x1, y1), optionally with a dot at each end: the Magenta
/// / TensorFlow tutorial's <c>plot_piano_roll</c> draws one per note from (start, pitch) to
/// (end, pitch) with "." markers (SOURCES.md §3.5).
/// </summary>
public sealed class SegmentsTrace : Trace
{
    public SegmentsTrace(IReadOnlyList<double> x0, IReadOnlyList<double> y0, IReadOnlyList<double> x1, IReadOnlyList<double> y1)
    {
        ArgumentNullException.ThrowIfNull(x0);
        ArgumentNullException.ThrowIfNull(y0);
        ArgumentNullException.ThrowIfNull(x1);
        ArgumentNullException.ThrowIfNull(y1);
        if (x0.Count != y0.Count || x0.Count != x1.Count || x0.Count != y1.Count)
            throw new ArgumentException($"Segments need equal lengths (x0 {x0.Count}, y0 {y0.Count}, x1 {x1.Count}, y1 {y1.Count}).", nameof(y1));
        X0 = x0.ToArray(); Y0 = y0.ToArray(); X1 = x1.ToArray(); Y1 = y1.ToArray();
    }

    public double[] X0 { get; }
    public double[] Y0 { get; }
    public double[] X1 { get; }
    public double[] Y1 { get; }

    public double Width { get; set; } = 1.6;

    /// <summary>A dot at both ends of each segment.</summary>
    public bool Markers { get; set; } = true;

    internal override bool LegendAsLine => true;

    private bool Finite(int i) => double.IsFinite(X0[i]) && double.IsFinite(Y0[i]) && double.IsFinite(X1[i]) && double.IsFinite(Y1[i]);

    internal override int FiniteCount => Enumerable.Range(0, X0.Length).Count(Finite);

    internal override Extent GetExtent(bool xLog, bool yLog)
    {
        var a = Extent.Of(X0.Concat(X1).ToArray(), Y0.Concat(Y1).ToArray(), xLog, yLog);
        return a;
    }

    internal override void Render(SvgWriter svg, AxesFrame f, string color)
    {
        var pts = new List<(double, double)>(3 * X0.Length);
        for (int i = 0; i < X0.Length; i++)
        {
            if (!Finite(i)) continue;
            pts.Add((f.ClampX(f.X(X0[i])), f.ClampY(f.Y(Y0[i]))));
            pts.Add((f.ClampX(f.X(X1[i])), f.ClampY(f.Y(Y1[i]))));
            pts.Add((double.NaN, double.NaN));
        }
        svg.Path(pts, color, Width);
        if (!Markers) return;
        foreach (var (x, y) in pts)
            if (double.IsFinite(x)) svg.Circle(x, y, Width * 0.9 + 0.6, color);
    }

    internal override void AddOccupancy(List<(double X, double Y)> points, AxesFrame f)
    {
        for (int i = 0; i < X0.Length; i++) SampleSegment(points, f.X(X0[i]), f.Y(Y0[i]), f.X(X1[i]), f.Y(Y1[i]));
    }

    /// <summary>One Plotly scatter with null separators between segments.</summary>
    internal override void WritePlotly(Utf8JsonWriter w, string color, string xAxis, string yAxis)
    {
        var xs = new List<double>(3 * X0.Length);
        var ys = new List<double>(3 * X0.Length);
        for (int i = 0; i < X0.Length; i++)
        {
            xs.Add(X0[i]); xs.Add(X1[i]); xs.Add(double.NaN);
            ys.Add(Y0[i]); ys.Add(Y1[i]); ys.Add(double.NaN);
        }
        w.WriteStartObject();
        WriteCommon(w, "scatter", xAxis, yAxis);
        w.WriteString("mode", Markers ? "lines+markers" : "lines");
        WriteArray(w, "x", xs);
        WriteArray(w, "y", ys);
        w.WriteStartObject("line");
        w.WriteString("color", color);
        w.WriteNumber("width", Width);
        w.WriteEndObject();
        w.WriteStartObject("marker");
        w.WriteString("color", color);
        w.WriteNumber("size", 4);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
