namespace MusicGen.Interop;

/// <summary>
/// XPlot.Plotly helpers, apart from <see cref="PlotlyCharts"/>: a class whose methods also take
/// Plotly.NET types cannot be called without a reference to Plotly.NET (CS0012), and a notebook
/// may reference XPlot alone.
/// </summary>
public static class XPlotCharts
{
    /// <summary>The chart as a <see cref="PlotlyFigure"/>, which displays through the formatter
    /// convention in every front end (the chart itself does too, after <see cref="DotnetInteractive.Setup"/>).</summary>
    public static PlotlyFigure ToPlotlyFigure(this XPlot.Plotly.PlotlyChart chart) => new(PlotlyCharts.ToFigureJson(chart));
}
