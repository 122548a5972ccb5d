using System.Text;
using System.Text.Json;

namespace MusicGen.Plotting;

/// <summary>
/// Writes a <see cref="Figure"/> as Plotly's figure JSON (plotly.js reference: traces in "data",
/// axes "xaxis", "xaxis2", … with "domain" and "anchor" in "layout"). Histograms go out as bars of
/// our computed bins and annotations as layout shapes, so Plotly shows what the SVG shows.
/// </summary>
internal static class PlotlyWriter
{
    public static string Write(Figure fig)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteStartArray("data");
            for (int i = 0; i < fig.Axes.Count; i++)
            {
                var (xa, ya) = AxisIds(i);
                int cycle = 0;
                foreach (var t in fig.Axes[i].Traces)
                {
                    var color = t.Color ?? (t.UsesColorCycle ? Colormap.CycleColor(cycle++) : "#555555");
                    if (!t.IsAnnotation) t.WritePlotly(w, color, xa, ya);
                }
            }
            w.WriteEndArray();
            WriteLayout(w, fig);
            w.WriteEndObject();
        }
        return fig.Axes.Count == 1 ? Encoding.UTF8.GetString(ms.ToArray()) : PlaceForGrid(ms.ToArray(), fig);
    }

    /// <summary>plotly.js has one legend and puts every colour bar at the figure's right edge, where
    /// they overlap in a grid of axes: each colour bar goes beside its own axes instead (same
    /// height), and the legend runs horizontally under the figure.</summary>
    private static string PlaceForGrid(byte[] json, Figure fig)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        var layout = root["layout"]!;
        foreach (var trace in root["data"]!.AsArray())
        {
            if (trace?["showscale"]?.GetValue<bool>() != true) continue;
            var ya = trace["yaxis"]?.GetValue<string>() ?? "y";
            var xa = trace["xaxis"]?.GetValue<string>() ?? "x";
            var xDomain = layout["xaxis" + xa[1..]]!["domain"]!.AsArray();
            var yDomain = layout["yaxis" + ya[1..]]!["domain"]!.AsArray();
            double x1 = xDomain[1]!.GetValue<double>(), y0 = yDomain[0]!.GetValue<double>(), y1 = yDomain[1]!.GetValue<double>();
            var colorbar = trace["colorbar"] as System.Text.Json.Nodes.JsonObject ?? new System.Text.Json.Nodes.JsonObject();
            colorbar["x"] = Math.Round(x1 + 0.005, 4);
            colorbar["xanchor"] = "left";
            colorbar["y"] = Math.Round((y0 + y1) / 2, 4);
            colorbar["yanchor"] = "middle";
            colorbar["len"] = Math.Round(y1 - y0, 4);
            colorbar["thickness"] = 12;
            trace["colorbar"] = colorbar;
        }
        layout["legend"] = new System.Text.Json.Nodes.JsonObject { ["orientation"] = "h", ["x"] = 0, ["y"] = -0.06, ["yanchor"] = "top" };
        layout["margin"] = new System.Text.Json.Nodes.JsonObject { ["b"] = 70, ["t"] = fig.Title is null ? 30 : 60 };
        return root.ToJsonString();
    }

    private static (string X, string Y) AxisIds(int i) => i == 0 ? ("x", "y") : ($"x{i + 1}", $"y{i + 1}");

    private static void WriteLayout(Utf8JsonWriter w, Figure fig)
    {
        w.WriteStartObject("layout");
        w.WriteNumber("width", fig.Width);
        w.WriteNumber("height", fig.Height);
        w.WriteStartObject("font");
        w.WriteString("family", "sans-serif");
        w.WriteEndObject();
        if (fig.Title is not null) { w.WriteStartObject("title"); w.WriteString("text", fig.Title); w.WriteEndObject(); }
        w.WriteString("plot_bgcolor", "#ffffff");
        w.WriteBoolean("showlegend", fig.Axes.Any(a => a.Traces.Any(t => t.Name is not null && !t.IsAnnotation)));
        var titles = new List<(double X, double Y, string Text)>();
        for (int i = 0; i < fig.Axes.Count; i++)
        {
            var ax = fig.Axes[i];
            var (xa, ya) = AxisIds(i);
            var (x, y, cw, ch) = fig.Cell(i);
            // Domains in paper fractions (y measured upwards), leaving room for labels.
            bool colorbar = ax.Traces.OfType<HeatmapTrace>().Any(h => h.ShowColorbar);
            double x0 = (x + 0.14 * cw) / fig.Width, x1 = (x + (colorbar && fig.Axes.Count > 1 ? 0.8 : 0.97) * cw) / fig.Width;
            // An x-axis title needs room below the tick labels, or it runs into the next row's title.
            double yTop = 1 - (y + 0.1 * ch) / fig.Height, yBottom = 1 - (y + (ax.XLabel is null || fig.Rows == 1 ? 0.85 : 0.78) * ch) / fig.Height;
            var r = new AxesRenderer(ax);
            r.Layout(x, y, cw, ch);
            WriteAxis(w, "xaxis" + xa[1..], ax.XLabel, x0, x1, ya, ax.XLog, ax.XCategories is null ? r.Range(true) : null,
                      ax.XTicks is not null ? r.XTicks : null);
            WriteAxis(w, "yaxis" + ya[1..], ax.YLabel, yBottom, yTop, xa, ax.YLog, r.Range(false),
                      ax.YTicks is not null || ax.YPitchNames ? r.YTicks : null);
            if (ax.Title is not null) titles.Add(((x0 + x1) / 2, yTop, ax.Title));
        }
        w.WriteStartArray("shapes");
        for (int i = 0; i < fig.Axes.Count; i++)
        {
            var (xa, ya) = AxisIds(i);
            foreach (var t in fig.Axes[i].Traces.Where(t => t.IsAnnotation)) t.WritePlotly(w, t.Color ?? "#555555", xa, ya);
        }
        w.WriteEndArray();
        w.WriteStartArray("annotations");
        foreach (var (x, y, text) in titles)
        {
            w.WriteStartObject();
            w.WriteString("text", text);
            w.WriteString("xref", "paper");
            w.WriteString("yref", "paper");
            w.WriteNumber("x", x);
            w.WriteNumber("y", y);
            w.WriteString("xanchor", "center");
            w.WriteString("yanchor", "bottom");
            w.WriteBoolean("showarrow", false);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteAxis(Utf8JsonWriter w, string name, string? label, double d0, double d1, string anchor, bool log,
                                  (double Lo, double Hi)? range, AxisTicks? ticks)
    {
        w.WriteStartObject(name);
        w.WriteStartArray("domain");
        w.WriteNumberValue(Math.Round(Math.Clamp(d0, 0, 1), 4));
        w.WriteNumberValue(Math.Round(Math.Clamp(d1, 0, 1), 4));
        w.WriteEndArray();
        w.WriteString("anchor", anchor);
        if (label is not null) { w.WriteStartObject("title"); w.WriteString("text", label); w.WriteEndObject(); }
        if (log) w.WriteString("type", "log");
        if (range is { } r && double.IsFinite(r.Lo) && double.IsFinite(r.Hi))
        {
            w.WriteStartArray("range"); // Plotly's log-axis range is in log10 units
            w.WriteNumberValue(log ? Math.Log10(r.Lo) : r.Lo);
            w.WriteNumberValue(log ? Math.Log10(r.Hi) : r.Hi);
            w.WriteEndArray();
        }
        if (ticks is not null)
        {
            w.WriteStartArray("tickvals");
            foreach (var v in ticks.Values) w.WriteNumberValue(v);
            w.WriteEndArray();
            w.WriteStartArray("ticktext");
            foreach (var t in ticks.Labels) w.WriteStringValue(t);
            w.WriteEndArray();
        }
        w.WriteBoolean("zeroline", false);
        w.WriteEndObject();
    }
}
