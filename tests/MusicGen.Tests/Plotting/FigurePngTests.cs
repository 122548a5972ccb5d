using MusicGen.Plotting;
using SkiaSharp;

namespace MusicGen.Tests.Plotting;

/// <summary>The PNG rendering draws what the SVG says: colours where the SVG puts shapes, white
/// where it puts none, text pixels where it puts text, at the requested scale.</summary>
public class FigurePngTests
{
    private static SKBitmap Decode(byte[] png) => SKBitmap.Decode(png) ?? throw new InvalidDataException("not a PNG");

    [Fact]
    public void Bar_colour_and_background_land_where_the_svg_puts_them()
    {
        var fig = new Figure(400, 300);
        fig.Ax.Bar(new[] { "a", "b" }, new[] { 1.0, 2.0 }, color: "#ff0000");
        fig.Ax.Grid = false;
        var png = fig.ToPng();
        using var bmp = Decode(png);
        Assert.Equal((400, 300), (bmp.Width, bmp.Height));
        // The SVG's second bar: find its rect and sample the PNG at its centre.
        var doc = System.Xml.Linq.XDocument.Parse(fig.ToSvg());
        var bars = doc.Descendants().Where(e => e.Name.LocalName == "rect" && (string?)e.Attribute("fill") == "#ff0000").ToList();
        Assert.Equal(2, bars.Count);
        foreach (var bar in bars)
        {
            double x = (double)bar.Attribute("x")!, y = (double)bar.Attribute("y")!, w = (double)bar.Attribute("width")!, h = (double)bar.Attribute("height")!;
            // Red at the SVG's fill-opacity over white: (255, 255·(1−a), 255·(1−a)).
            double a = (double?)bar.Attribute("fill-opacity") ?? 1;
            var c = bmp.GetPixel((int)(x + w / 2), (int)(y + h / 2));
            byte other = (byte)Math.Round(255 * (1 - a));
            Assert.Equal(255, c.Red);
            Assert.InRange(c.Green, other - 1, other + 1);
            Assert.InRange(c.Blue, other - 1, other + 1);
        }
        Assert.Equal(SKColors.White, bmp.GetPixel(2, 2));
    }

    [Fact]
    public void Title_text_is_drawn_and_scale_two_doubles_the_size()
    {
        var fig = new Figure(300, 200, title: "WWWWWW");
        fig.Ax.Line(new[] { 0.0, 1.0 });
        using var bmp = Decode(fig.ToPng(2));
        Assert.Equal((600, 400), (bmp.Width, bmp.Height));
        // The title band (top 22 px of the figure) holds dark glyph pixels in its middle third only.
        int dark = 0, darkOutside = 0;
        for (int y = 0; y < 44; y++)
            for (int x = 0; x < 600; x++)
            {
                var p = bmp.GetPixel(x, y);
                if (p.Red < 128 && p.Green < 128 && p.Blue < 128) { if (x is > 150 and < 450) dark++; else darkOutside++; }
            }
        Assert.True(dark > 200, $"only {dark} dark title pixels");
        Assert.Equal(0, darkOutside);
    }

    [Theory]
    [MemberData(nameof(FigureTests.Figures), MemberType = typeof(FigureTests))]
    public void Every_figure_kind_rasterizes(string name, Figure fig)
    {
        var png = fig.ToPng();
        using var bmp = Decode(png);
        Assert.True(bmp.Width == fig.Width && bmp.Height == fig.Height, name);
    }

    [Fact]
    public void SavePng_writes_a_png_file_and_leaves_no_temp()
    {
        var dir = Directory.CreateTempSubdirectory("musicgen-png-");
        try
        {
            var path = Path.Combine(dir.FullName, "sub", "f.png");
            Plot.Line(new[] { 1.0, 3, 2 }, "x").SavePng(path);
            var bytes = File.ReadAllBytes(path);
            Assert.Equal(new byte[] { 137, 80, 78, 71 }, bytes[..4]);
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void Figure_bundle_scales_svg_and_carries_png()
    {
        var fig = new Figure(1040, 400);
        fig.Ax.Line(new[] { 1.0, 2 }, name: "legend");
        var svg = fig.ToSvg();
        Assert.Contains("viewBox=\"0 0 1040 400\"", svg);
        Assert.Contains("max-width:100%;height:auto", svg);
        var bundle = MusicGen.Notebooks.Display.Formatter.Format(fig);
        Assert.Equal(["text/plain", "image/svg+xml", "image/png", "application/vnd.plotly.v1+json"], bundle.MimeTypes.ToArray());
        using var bmp = Decode(Convert.FromBase64String(bundle["image/png"]));
        Assert.Equal(1040, bmp.Width);
    }
}
