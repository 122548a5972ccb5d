using System.Text.Json;
using Microsoft.Data.Analysis;
using MusicGen.Interop;
using MusicGen.Notebooks.Display;
using MusicGen.Notebooks.Export;
using MusicGen.Notebooks.Ipynb;

namespace MusicGen.Notebooks.Tests.Interactive;

/// <summary>DataFrame, Plotly.NET and XPlot values display through our formatter (engine and kernel
/// share it) and export to HTML that draws offline.</summary>
public class ChartAndFrameDisplayTests
{
    internal static Plotly.NET.GenericChart PlotlyNetLine() =>
        Plotly.NET.CSharp.Chart.Line<double, double, string>(new[] { 0.0, 1, 2, 3 }, new[] { 1.0, 3, 2, 4 }, Name: "loss");

    internal static XPlot.Plotly.PlotlyChart XPlotBars() =>
        XPlot.Plotly.Chart.Plot(new XPlot.Plotly.Bar { x = new[] { "a", "b", "c" }, y = new[] { 3, 1, 2 } });

    [Fact]
    public void DataFrame_shows_head_rows_column_types_and_size()
    {
        var df = new DataFrame(new Int32DataFrameColumn("pitch", Enumerable.Range(40, 30)),
                               new StringDataFrameColumn("name", Enumerable.Range(0, 30).Select(i => i == 2 ? null : $"n<{i}>")));
        var bundle = Formatter.Format(df);
        Assert.Equal(["text/plain", "text/html"], bundle.MimeTypes);
        var html = bundle["text/html"];
        Assert.Contains("<th>pitch<br><small>int</small></th>", html);
        Assert.Contains("<th>name<br><small>string</small></th>", html);
        Assert.Equal(DataFrameDisplay.HeadRows, html.Split("<tbody>")[1].Split("<tr><th>").Length - 1);
        Assert.Contains("DataFrame: 30 rows × 2 columns, first 20 shown", html);
        Assert.Contains("n&lt;0&gt;", html);
        Assert.Contains("<em>null</em>", html);
        Assert.StartsWith("   pitch", bundle["text/plain"].Split('\n')[0].PadLeft(8));
        Assert.EndsWith("DataFrame: 30 rows × 2 columns, first 10 shown", bundle["text/plain"]);
    }

    [Fact]
    public void Plotly_net_chart_is_a_plotly_bundle_with_its_data()
    {
        var bundle = Formatter.Format(PlotlyNetLine());
        Assert.Equal(["text/plain", "application/vnd.plotly.v1+json", "text/html"], bundle.MimeTypes);
        Assert.Equal("Plotly.NET chart (1 trace)", bundle["text/plain"]);
        using var doc = JsonDocument.Parse(bundle["application/vnd.plotly.v1+json"]);
        var trace = doc.RootElement.GetProperty("data")[0];
        Assert.Equal("scatter", trace.GetProperty("type").GetString());
        Assert.Equal([1.0, 3, 2, 4], trace.GetProperty("y").EnumerateArray().Select(v => v.GetDouble()));
        Assert.DoesNotContain("cdn", bundle["text/html"], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void XPlot_chart_is_a_plotly_bundle_with_its_data()
    {
        var bundle = Formatter.Format(XPlotBars());
        using var doc = JsonDocument.Parse(bundle["application/vnd.plotly.v1+json"]);
        var trace = doc.RootElement.GetProperty("data")[0];
        Assert.Equal("bar", trace.GetProperty("type").GetString());
        Assert.Equal([3, 1, 2], trace.GetProperty("y").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(JsonValueKind.Object, doc.RootElement.GetProperty("layout").ValueKind);
    }

    [Fact]
    public void PlotlyFigure_displays_through_the_convention_like_the_chart_itself()
    {
        // What .NET Interactive sees: the attribute found by name, its formatters, its MIME order.
        var chart = XPlotBars();
        var figure = chart.ToPlotlyFigure();
        Assert.Equal(["text/plain", "application/vnd.plotly.v1+json", "text/html"], Formatter.GetPreferredMimeTypes(typeof(PlotlyFigure)));
        var bundle = Formatter.Format(figure);
        Assert.Equal("PlotlyFigure(1 trace)", bundle["text/plain"]);
        Assert.Equal(Formatter.Format(chart)["application/vnd.plotly.v1+json"], bundle["application/vnd.plotly.v1+json"]);
        Assert.Equal(bundle["application/vnd.plotly.v1+json"], Formatter.Format(XPlotCharts.ToPlotlyFigure(chart))["application/vnd.plotly.v1+json"]);
        Assert.Equal(Formatter.Format(PlotlyNetLine())["application/vnd.plotly.v1+json"], PlotlyCharts.ToPlotlyFigure(PlotlyNetLine()).Json);
        Assert.Throws<ArgumentException>(() => new PlotlyFigure("{\"layout\": {}}"));
    }

    internal static Notebook ChartNotebook()
    {
        var nb = Notebook.Create();
        var cell = NotebookCell.Code("Plotly.NET.CSharp.Chart.Line(...)");
        cell.Outputs.Add(NotebookOutput.ExecuteResult(Formatter.Format(PlotlyNetLine()), 1));
        cell.Outputs.Add(NotebookOutput.DisplayData(Formatter.Format(XPlotBars())));
        nb.Cells.Add(cell);
        return nb;
    }

    [Fact]
    public void Html_export_embeds_plotly_js_once_and_loads_nothing()
    {
        var html = NotebookHtmlExporter.Export(ChartNotebook(), "charts");
        Assert.Equal(1, html.Split("plotly.js v2.28.0").Length - 1);
        Assert.Equal(2, html.Split("class=\"musicgen-plotly\"").Length - 1);
        Assert.DoesNotContain("<script src", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        // A page with only our figures (SVG) stays light: no plotly.js.
        var figures = Notebook.Create();
        var c = NotebookCell.Code("Plot.Line(...)");
        c.Outputs.Add(NotebookOutput.DisplayData(Formatter.Format(MusicGen.Plotting.Plot.Line(new[] { 1.0, 2 }))));
        figures.Cells.Add(c);
        Assert.DoesNotContain("plotly.js v2", NotebookHtmlExporter.Export(figures, "figures"));
    }
}
