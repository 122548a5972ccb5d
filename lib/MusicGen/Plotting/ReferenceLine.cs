using System.Text.Json;

namespace MusicGen.Plotting;

/// <summary>An annotation: a line across the whole plot area at one value of one axis (matplotlib's axhline /
/// axvline), dashed grey by default: <see cref="HLine"/> at y, <see cref="VLine"/> at x. It widens autoscaling to
/// include the value; in Plotly JSON it is a layout shape, not a trace.</summary>
public abstract class ReferenceLine : Trace
{
    private protected ReferenceLine(double value, bool vertical)
    {
        Value = value;
        Vertical = vertical;
        Color = "#555555";
    }

    /// <summary>The x of a vertical line, the y of a horizontal one.</summary>
    public double Value { get; }

    /// <summary>True for <see cref="VLine"/>.</summary>
    public bool Vertical { get; }

    public bool Dashed { get; set; } = true;

    public double Width { get; set; } = 1.2;

    internal override bool LegendAsLine => true;

    internal override bool UsesColorCycle => false;

    internal override bool IsAnnotation => true;

    internal override int FiniteCount => 0; // an annotation alone is still "no data"

    internal override Extent GetExtent(bool xLog, bool yLog) =>
        !Extent.Ok(Value, Vertical ? xLog : yLog) ? Extent.None
        : Vertical ? new Extent(Value, Value, double.NaN, double.NaN) : new Extent(double.NaN, double.NaN, Value, Value);

    internal override void Render(SvgWriter svg, AxesFrame f, string color)
    {
        if (!Extent.Ok(Value, Vertical ? f.XLog : f.YLog)) return;
        var (x0, y0, x1, y1) = Segment(f);
        svg.Line(x0, y0, x1, y1, color, Width, Dashed ? "stroke-dasharray=\"5,4\"" : null);
    }

    internal override void AddOccupancy(List<(double X, double Y)> points, AxesFrame f)
    {
        var (x0, y0, x1, y1) = Segment(f);
        SampleSegment(points, x0, y0, x1, y1);
    }

    /// <summary>The line in pixels: top to bottom at x, or left to right at y.</summary>
    (double X0, double Y0, double X1, double Y1) Segment(AxesFrame f) =>
        Vertical ? (f.X(Value), f.Top, f.X(Value), f.Bottom) : (f.Left, f.Y(Value), f.Right, f.Y(Value));

    internal override void WritePlotly(Utf8JsonWriter w, string color, string xAxis, string yAxis)
    {
        // The value's axis in data units, the other axis in its domain (0 … 1 = the whole plot area).
        var (xref, x0, x1) = Vertical ? (xAxis, Value, Value) : (xAxis + " domain", 0.0, 1.0);
        var (yref, y0, y1) = Vertical ? (yAxis + " domain", 0.0, 1.0) : (yAxis, Value, Value);
        w.WriteStartObject();
        w.WriteString("type", "line");
        w.WriteString("xref", xref);
        w.WriteNumber("x0", x0);
        w.WriteNumber("x1", x1);
        w.WriteString("yref", yref);
        w.WriteNumber("y0", y0);
        w.WriteNumber("y1", y1);
        w.WriteStartObject("line");
        w.WriteString("color", color);
        w.WriteNumber("width", Width);
        if (Dashed) w.WriteString("dash", "dash");
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
