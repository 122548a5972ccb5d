using MusicGen.Notebooks.Tests.Workbook;
using SkiaSharp;

namespace MusicGen.Notebooks.Tests.Interactive;

/// <summary>An HTML file screenshotted by headless Chromium with the network off, and pixel counts
/// near a colour: a drawn chart leaves its trace colours, a page without plotly.js does not.</summary>
internal static class ChromiumPage
{
    /// <summary>Screenshots <paramref name="htmlPath"/> (1000×1600 px) into a PNG beside it.</summary>
    public static SKBitmap Screenshot(string htmlPath)
    {
        var dir = Path.GetDirectoryName(htmlPath)!;
        var png = Path.Combine(dir, Path.GetFileNameWithoutExtension(htmlPath) + ".png");
        var profile = Path.Combine(dir, "chromium-profile");
        var (exit, output) = WorkbookRun.RunProcess(ChromiumFactAttribute.Chromium,
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
            $"--user-data-dir={profile}", "--window-size=1000,1600", "--virtual-time-budget=10000",
            $"--screenshot={png}", new Uri(htmlPath).AbsoluteUri,
        ], TimeSpan.FromMinutes(2));
        Assert.True(File.Exists(png), $"chromium exited {exit} without a screenshot: {output}");
        return SKBitmap.Decode(png);
    }

    /// <summary>Pixels within 30 (sum of channel differences) of the colour (r, g, b).</summary>
    public static int Near(SKBitmap bitmap, byte r, byte g, byte b)
    {
        int n = 0;
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++)
            {
                var p = bitmap.GetPixel(x, y);
                if (Math.Abs(p.Red - r) + Math.Abs(p.Green - g) + Math.Abs(p.Blue - b) < 30) n++;
            }
        return n;
    }
}
