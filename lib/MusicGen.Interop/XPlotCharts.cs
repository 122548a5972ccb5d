namespace MusicGen.Interop;

/// <summary>
/// XPlot.Plotly helpers, apart from <see cref="PlotlyCharts"/>: a class whose methods also take
/// Plotly.NET types cannot be called without a reference to Plotly.NET (CS0012), and Plotly.NET
/// 6.0.0 does not load under .NET Interactive 1.0.712001 (it needs FSharp.Core 10.1, the kernel
/// carries 10.0), where XPlot works.
/// </summary>
public static class XPlotCharts
{
    /// <summary>The chart as a <see cref="PlotlyFigure"/>, which displays through the formatter
    /// convention in .NET Interactive too (which has no formatter of its own for XPlot charts).</summary>
    public static PlotlyFigure ToPlotlyFigure(this XPlot.Plotly.PlotlyChart chart) => new(PlotlyCharts.ToFigureJson(chart));
}
