using MusicGen.Notebooks.Export;

namespace MusicGen.Notebooks.Tests.Interactive;

/// <summary>The HTML export draws Plotly.NET and XPlot charts with no network: headless Chromium
/// (network off) screenshots the page, and the traces' colours are there.</summary>
public class HtmlExportInChromiumTests
{
    [ChromiumFact]
    public void Exported_charts_are_drawn_offline()
    {
        var dir = Directory.CreateTempSubdirectory("musicgen-chromium-");
        try
        {
            var html = Path.Combine(dir.FullName, "charts.html");
            File.WriteAllText(html, NotebookHtmlExporter.Export(ChartAndFrameDisplayTests.ChartNotebook(), "charts"));
            using var shot = ChromiumPage.Screenshot(html);
            int Near(byte r, byte g, byte b) => ChromiumPage.Near(shot, r, g, b);
            // Plotly.NET's template draws the first trace in rgb(99, 110, 250) on a rgb(229, 236, 246)
            // plot area; XPlot (no template) in plotly.js's first colour #1f77b4.
            Assert.True(Near(229, 236, 246) > 20000, "no Plotly.NET plot area in the screenshot");
            Assert.True(Near(99, 110, 250) > 300, "no Plotly.NET line in the screenshot");
            Assert.True(Near(31, 119, 180) > 5000, "no XPlot bars in the screenshot");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
