using Microsoft.Data.Analysis;
using MusicGen.Interop;

namespace MusicGen.Notebooks.Display;

/// <summary>
/// Formatters for package types that carry no <c>TypeFormatterSourceAttribute</c> and whose own
/// display needs .NET Interactive: Microsoft.Data.Analysis <see cref="DataFrame"/> (an HTML table of
/// its head with column types and size), Plotly.NET <c>GenericChart</c> and XPlot.Plotly
/// <c>PlotlyChart</c> (the Plotly MIME bundle VS Code and JupyterLab draw interactively, and HTML
/// that draws with the page's plotly.js). Consulted after a type's own declared formatters.
/// </summary>
internal static class KnownTypeFormatters
{
    public const string PlotlyMimeType = "application/vnd.plotly.v1+json";

    /// <summary>The formatters and MIME order for <paramref name="type"/>, or empty lists.</summary>
    public static (IReadOnlyList<TypeFormatterEntry> Formatters, IReadOnlyList<string> PreferredMimeTypes) Discover(Type type)
    {
        if (typeof(DataFrame).IsAssignableFrom(type))
        {
            return ([
                Entry<DataFrame>("text/plain", f => DataFrameDisplay.ToText(f)),
                Entry<DataFrame>("text/html", f => DataFrameDisplay.ToHtml(f)),
            ], ["text/plain", "text/html"]);
        }
        if (typeof(Plotly.NET.GenericChart).IsAssignableFrom(type))
            return Chart<Plotly.NET.GenericChart>(PlotlyCharts.ToFigureJson, "Plotly.NET chart");
        if (typeof(XPlot.Plotly.PlotlyChart).IsAssignableFrom(type))
            return Chart<XPlot.Plotly.PlotlyChart>(PlotlyCharts.ToFigureJson, "XPlot.Plotly chart");
        return ([], []);
    }

    private static (IReadOnlyList<TypeFormatterEntry>, IReadOnlyList<string>) Chart<T>(Func<T, string> json, string name) =>
        ([
            Entry<T>("text/plain", c => $"{name} ({TraceCount(json(c))})"),
            Entry<T>(PlotlyMimeType, json),
            Entry<T>("text/html", c => PlotlyCharts.ToHtml(json(c))),
        ], ["text/plain", PlotlyMimeType, "text/html"]);

    private static string TraceCount(string figureJson)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(figureJson);
        int n = doc.RootElement.TryGetProperty("data", out var d) && d.ValueKind == System.Text.Json.JsonValueKind.Array ? d.GetArrayLength() : 0;
        return $"{n} trace{(n == 1 ? "" : "s")}";
    }

    private static TypeFormatterEntry Entry<T>(string mime, Func<T, string> format) =>
        new(typeof(T), mime, (o, w) =>
        {
            if (o is not T t) return false;
            w.Write(format(t));
            return true;
        });
}
