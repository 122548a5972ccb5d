namespace MusicGen.Interop;

/// <summary>
/// A Plotly figure as JSON (<c>{"data": […], "layout": {…}}</c>) that displays the same way in every
/// front end through the formatter convention: the Plotly MIME bundle (drawn interactively by VS
/// Code and JupyterLab), HTML that uses the page's plotly.js, and a one-line text. Our engine
/// displays Plotly.NET and XPlot charts directly, and so does .NET Interactive after the setup
/// cell's <see cref="DotnetInteractive.Setup"/>; <c>chart.ToPlotlyFigure()</c> is the explicit form.
/// </summary>
[TypeFormatterSource(typeof(PlotlyFigureFormatterSource), PreferredMimeTypes = ["text/plain", "application/vnd.plotly.v1+json", "text/html"])]
public sealed class PlotlyFigure
{
    public PlotlyFigure(string json)
    {
        ArgumentException.ThrowIfNullOrEmpty(json);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        if (!doc.RootElement.TryGetProperty("data", out var data) || data.ValueKind != System.Text.Json.JsonValueKind.Array)
            throw new ArgumentException("A Plotly figure is a JSON object with a \"data\" array.", nameof(json));
        Json = json;
        Traces = data.GetArrayLength();
    }

    /// <summary>The figure JSON.</summary>
    public string Json { get; }

    public int Traces { get; }

    public string ToHtml() => PlotlyCharts.ToHtml(Json);

    public override string ToString() => $"PlotlyFigure({Traces} trace{(Traces == 1 ? "" : "s")})";
}
