using MusicGen.Notebooks.Export;
using MusicGen.Notebooks.Tests.Workbook;
using SkiaSharp;

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
            var png = Path.Combine(dir.FullName, "shot.png");
            var profile = Path.Combine(dir.FullName, "profile");
            var (exit, output) = WorkbookRun.RunProcess(ChromiumFactAttribute.Chromium,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                $"--user-data-dir={profile}", "--window-size=1000,1600", "--virtual-time-budget=10000",
                $"--screenshot={png}", new Uri(html).AbsoluteUri,
            ], TimeSpan.FromMinutes(2));
            Assert.True(File.Exists(png), $"chromium exited {exit} without a screenshot: {output}");
            using var shot = SKBitmap.Decode(png);
            int Near(byte r, byte g, byte b) => Count(shot, p => Math.Abs(p.Red - r) + Math.Abs(p.Green - g) + Math.Abs(p.Blue - b) < 30);
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

    private static int Count(SKBitmap bitmap, Func<SKColor, bool> match)
    {
        int n = 0;
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++)
                if (match(bitmap.GetPixel(x, y))) n++;
        return n;
    }
}
