using MusicGen.Midi;

namespace MusicGen.Plotting;

/// <summary>
/// One plot inside a <see cref="Figure"/>: traces, axis labels and limits, scale, ticks and
/// legend (matplotlib's Axes vocabulary). Methods such as <see cref="Line(IReadOnlyList{double}, IReadOnlyList{double}, string?, string?)"/>
/// add a trace and return it for further styling. Limits default to the data range plus a 5%
/// margin (bars and histograms start at 0); ticks are chosen at layout time.
/// </summary>
public sealed class Axes
{
    internal Axes() { }

    public string? Title { get; set; }
    public string? XLabel { get; set; }
    public string? YLabel { get; set; }

    /// <summary>Fixed x range; null autoscales.</summary>
    public (double Min, double Max)? XLimits { get; set; }

    /// <summary>Fixed y range; null autoscales.</summary>
    public (double Min, double Max)? YLimits { get; set; }

    /// <summary>log10 x axis (non-positive values are not drawn).</summary>
    public bool XLog { get; set; }

    /// <summary>log10 y axis (non-positive values are not drawn).</summary>
    public bool YLog { get; set; }

    public LegendLocation Legend { get; set; } = LegendLocation.Best;

    /// <summary>Light grid lines at the ticks.</summary>
    public bool Grid { get; set; } = true;

    /// <summary>Names for x = 0, 1, …, n − 1 (set by a categorical <see cref="Bar(IReadOnlyList{string}, IReadOnlyList{double}, string?, string?)"/>).</summary>
    public string[]? XCategories { get; set; }

    /// <summary>Label the y axis with note names (C4 = 60) on octaves or finer steps (set by <see cref="PianoRoll(IEnumerable{Note}, string?)"/>).</summary>
    public bool YPitchNames { get; set; }

    /// <summary>Explicit x tick positions (labels from <see cref="XTickLabels"/> or formatted).</summary>
    public double[]? XTicks { get; set; }
    public string[]? XTickLabels { get; set; }

    /// <summary>Explicit y tick positions (labels from <see cref="YTickLabels"/> or formatted).</summary>
    public double[]? YTicks { get; set; }
    public string[]? YTickLabels { get; set; }

    /// <summary>Traces in drawing order (later ones on top).</summary>
    public List<Trace> Traces { get; } = new();

    /// <summary>Adds any trace and returns it.</summary>
    public T Add<T>(T trace) where T : Trace
    {
        ArgumentNullException.ThrowIfNull(trace);
        Traces.Add(trace);
        return trace;
    }

    public LineTrace Line(IReadOnlyList<double> x, IReadOnlyList<double> y, string? name = null, string? color = null) =>
        Add(new LineTrace(x, y) { Name = name, Color = color });

    /// <summary>A line over x = 0, 1, …, n − 1 (e.g. loss per epoch).</summary>
    public LineTrace Line(IReadOnlyList<double> y, string? name = null, string? color = null) =>
        Line(Enumerable.Range(0, y.Count).Select(i => (double)i).ToArray(), y, name, color);

    public ScatterTrace Scatter(IReadOnlyList<double> x, IReadOnlyList<double> y, string? name = null, string? color = null) =>
        Add(new ScatterTrace(x, y) { Name = name, Color = color });

    public BarTrace Bar(IReadOnlyList<double> x, IReadOnlyList<double> heights, string? name = null, string? color = null) =>
        Add(new BarTrace(x, heights) { Name = name, Color = color });

    /// <summary>Bars over named categories; the x axis shows the names (rotated when long).</summary>
    public BarTrace Bar(IReadOnlyList<string> categories, IReadOnlyList<double> heights, string? name = null, string? color = null)
    {
        XCategories = categories.ToArray();
        return Add(new BarTrace(categories, heights) { Name = name, Color = color });
    }

    /// <summary>Grouped bars: one named series per model (say), side by side within each category.</summary>
    public List<BarTrace> Bars(IReadOnlyList<string> categories, params (string Name, IReadOnlyList<double> Values)[] series)
    {
        XCategories = categories.ToArray();
        double width = 0.8 / Math.Max(1, series.Length);
        var traces = new List<BarTrace>();
        for (int k = 0; k < series.Length; k++)
            traces.Add(Add(new BarTrace(categories, series[k].Values) { Name = series[k].Name, Width = width, Offset = (k - (series.Length - 1) / 2.0) * width }));
        return traces;
    }

    /// <summary>A histogram with <paramref name="bins"/> equal bins over [min, max] (or <paramref name="range"/>), numpy semantics.</summary>
    public HistogramTrace Histogram(IReadOnlyList<double> values, int bins = 10, (double Min, double Max)? range = null, bool density = false,
                                    string? name = null, string? color = null) =>
        Overlaid(Add(new HistogramTrace(values, bins, range, density) { Name = name, Color = color }));

    /// <summary>A histogram with explicit bin edges, numpy semantics.</summary>
    public HistogramTrace Histogram(IReadOnlyList<double> values, double[] edges, bool density = false, string? name = null, string? color = null) =>
        Overlaid(Add(new HistogramTrace(values, edges, density) { Name = name, Color = color }));

    /// <summary>Overlaid histograms (generated vs reference) are made see-through unless styled already.</summary>
    private HistogramTrace Overlaid(HistogramTrace added)
    {
        var all = Traces.OfType<HistogramTrace>().ToList();
        if (all.Count > 1)
            foreach (var h in all)
                if (h.Opacity == HistogramTrace.DefaultOpacity) h.Opacity = 0.55;
        return added;
    }

    /// <summary>A heatmap of z (rows, cols) with row 0 at the bottom.</summary>
    public HeatmapTrace Heatmap(double[,] z, string? colorbarLabel = null) => Add(new HeatmapTrace(z) { ColorbarLabel = colorbarLabel });

    public HeatmapTrace Heatmap(float[,] z, string? colorbarLabel = null) => Add(new HeatmapTrace(z) { ColorbarLabel = colorbarLabel });

    /// <summary>Notes as horizontal bars; labels the axes "Time [s]" / "Pitch" unless set.</summary>
    public PianoRollTrace PianoRoll(IEnumerable<Note> notes, string? color = null)
    {
        UsePitchAxes();
        return Add(new PianoRollTrace(notes) { Color = color });
    }

    /// <summary>A (128, T) roll at <paramref name="fs"/> frames per second.</summary>
    public PianoRollTrace PianoRoll(float[,] roll, double fs = 100, string? color = null)
    {
        UsePitchAxes();
        return Add(new PianoRollTrace(roll, fs) { Color = color });
    }

    public SegmentsTrace Segments(IReadOnlyList<double> x0, IReadOnlyList<double> y0, IReadOnlyList<double> x1, IReadOnlyList<double> y1,
                                  string? name = null, string? color = null) =>
        Add(new SegmentsTrace(x0, y0, x1, y1) { Name = name, Color = color });

    /// <summary>The TF tutorial's plot_piano_roll (SOURCES.md §3.5): one segment per note from (start, pitch) to (end, pitch) with end dots.</summary>
    public SegmentsTrace Segments(IEnumerable<Note> notes, string? name = null, string? color = null)
    {
        var list = notes.ToList();
        XLabel ??= "Time [s]";
        YLabel ??= "Pitch";
        var p = list.Select(n => (double)n.Pitch).ToArray();
        return Segments(list.Select(n => n.Start).ToArray(), p, list.Select(n => n.End).ToArray(), p, name, color);
    }

    public HLine HLine(double y, string? name = null, string? color = null) => Add(new HLine(y) { Name = name, Color = color ?? "#555555" });

    public VLine VLine(double x, string? name = null, string? color = null) => Add(new VLine(x) { Name = name, Color = color ?? "#555555" });

    private void UsePitchAxes()
    {
        YPitchNames = true;
        XLabel ??= "Time [s]";
        YLabel ??= "Pitch";
    }

    public override string ToString() =>
        $"Axes(title={(Title is null ? "none" : "\"" + Title + "\"")}, traces={Traces.Count})";
}
