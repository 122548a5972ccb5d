using System.Text.Json;
using MusicGen.Plotting;

namespace MusicGen.Tests.Plotting;

/// <summary>The Plotly form of a grid of axes keeps each colour bar beside its own axes and the
/// one legend clear of the plots (plotly.js would stack them all at the right edge).</summary>
public class PlotlyLayoutTests
{
    [Fact]
    public void Grid_colour_bar_sits_beside_its_axes_and_legend_runs_below()
    {
        var fig = Figure.Subplots(2, 2, title: "grid");
        fig[0, 0].Line(new[] { 1.0, 2 }, name: "a");
        fig[1, 0].Heatmap(new double[,] { { 1, 2 }, { 3, 4 } }, "z");
        using var doc = JsonDocument.Parse(fig.ToPlotlyJson());
        var layout = doc.RootElement.GetProperty("layout");
        var heat = doc.RootElement.GetProperty("data").EnumerateArray().Single(t => t.GetProperty("type").GetString() == "heatmap");
        var cb = heat.GetProperty("colorbar");
        var ya = heat.GetProperty("yaxis").GetString()!;
        var xa = heat.GetProperty("xaxis").GetString()!;
        var xDomain = layout.GetProperty("xaxis" + xa[1..]).GetProperty("domain");
        var yDomain = layout.GetProperty("yaxis" + ya[1..]).GetProperty("domain");
        // Right of its own axes, inside the left column (x < 0.5), as tall as the axes.
        Assert.InRange(cb.GetProperty("x").GetDouble(), xDomain[1].GetDouble(), 0.5);
        Assert.Equal(yDomain[1].GetDouble() - yDomain[0].GetDouble(), cb.GetProperty("len").GetDouble(), 3);
        Assert.Equal("z", cb.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("h", layout.GetProperty("legend").GetProperty("orientation").GetString());
    }

    [Fact]
    public void Single_axes_keeps_plotlys_own_legend_and_colour_bar()
    {
        var fig = Plot.Heatmap(new double[,] { { 1, 2 }, { 3, 4 } });
        fig.Ax.Line(new[] { 0.0, 1 }, name: "l");
        using var doc = JsonDocument.Parse(fig.ToPlotlyJson());
        Assert.False(doc.RootElement.GetProperty("layout").TryGetProperty("legend", out _));
    }
}
