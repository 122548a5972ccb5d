using System.Text.Json;
using System.Xml.Linq;
using MusicGen.Midi;
using MusicGen.Plotting;

namespace MusicGen.Tests.Plotting;

public class FigureTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>One figure of every kind the notebooks use, plus awkward inputs.</summary>
    public static IEnumerable<object[]> Figures()
    {
        var rng = new Random(3);
        var values = Enumerable.Range(0, 500).Select(_ => rng.NextDouble() * 40 + 40).ToArray();
        var notes = Enumerable.Range(0, 300).Select(i => new Note(40 + rng.Next(48), 30 + rng.Next(90), i * 0.1, i * 0.1 + 0.05 + rng.NextDouble())).ToList();

        var hist = Figure.Subplots(1, 3, title: "Distributions");
        hist[0, 0].Histogram(values, 20);
        hist[0, 1].Histogram(values, new double[] { 40, 50, 55, 60, 80 }, density: true);
        hist[0, 2].Histogram(Array.Empty<double>(), 5);
        yield return new object[] { "histograms", hist };

        var loss = Plot.Lines(new (string, IReadOnlyList<double>)[] { ("train", new[] { 3, 2, 1.5, 1.2 }), ("valid", new[] { 3.2, 2.5, 2.1, 2.2 }) }, "Loss");
        loss.Ax.HLine(2.0, "target");
        loss.Ax.VLine(2);
        yield return new object[] { "loss", loss };

        var logFig = Plot.Line(new[] { 1e-3, 1e-1, 10, 1e4 }, "log");
        logFig.Ax.YLog = true;
        yield return new object[] { "log", logFig };

        yield return new object[] { "pianoroll", Plot.PianoRoll(notes, "Roll <notes> & \"quotes\"") };
        yield return new object[] { "segments", Plot.NoteSegments(notes, 100) };
        var roll = new float[128, 300];
        foreach (var n in notes.Take(40)) for (int c = (int)(n.Start * 100); c < Math.Min(300, (int)(n.End * 100)); c++) roll[n.Pitch, c] = n.Velocity;
        yield return new object[] { "roll", Plot.PianoRoll(roll, 100) };

        var z = new double[128, 500];
        for (int i = 0; i < 128; i++) for (int j = 0; j < 500; j++) z[i, j] = i * j % 17;
        z[3, 3] = double.NaN;
        yield return new object[] { "heatmap", Plot.Heatmap(z, "Heat", "t", "unit", "value") };

        var cats = Enumerable.Range(0, 30).Select(i => $"category with a long name #{i}").ToArray();
        yield return new object[] { "bar", Plot.Bar(cats, cats.Select((_, i) => (double)i * i).ToArray(), "Bars") };

        var empty = Figure.Subplots(2, 2);
        empty[0, 0].Line(Array.Empty<double>());
        empty[0, 1].Scatter(new[] { double.NaN, 1 }, new[] { 2.0, double.NaN });
        empty[1, 0].Heatmap(new double[0, 0]);
        empty[1, 1].Bar(Array.Empty<string>(), Array.Empty<double>());
        yield return new object[] { "empty", empty };

        var constant = Plot.Line(new[] { 5.0, 5.0, 5.0 }, "constant");
        constant.Ax.XLimits = (2, 2); // degenerate limits fall back to autoscale
        yield return new object[] { "constant", constant };
    }

    [Theory]
    [MemberData(nameof(Figures))]
    public void Svg_is_well_formed_and_self_describing(string kind, Figure fig)
    {
        var svg = fig.ToSvg();
        var doc = XDocument.Parse(svg);
        var root = doc.Root!;
        Assert.Equal(Svg + "svg", root.Name);
        Assert.Equal($"0 0 {fig.Width} {fig.Height}", (string?)root.Attribute("viewBox"));
        Assert.Equal(fig.Width.ToString(), (string?)root.Attribute("width"));
        Assert.Equal("sans-serif", (string?)root.Attribute("font-family"));
        Assert.DoesNotContain("NaN", svg);
        Assert.DoesNotContain("Infinity", svg);
        // Every clip-path reference resolves, and ids are unique.
        var ids = doc.Descendants().Select(e => (string?)e.Attribute("id")).Where(i => i is not null).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (var r in doc.Descendants().Select(e => (string?)e.Attribute("clip-path")).Where(c => c is not null))
            Assert.Contains(r!["url(#".Length..^1], ids);
        Assert.Equal(svg, fig.ToSvg()); // deterministic
        _ = kind;
    }

    [Theory]
    [MemberData(nameof(Figures))]
    public void Plotly_json_parses_and_has_one_trace_per_data_trace(string kind, Figure fig)
    {
        using var doc = JsonDocument.Parse(fig.ToPlotlyJson());
        var data = doc.RootElement.GetProperty("data");
        var layout = doc.RootElement.GetProperty("layout");
        Assert.Equal(fig.Axes.Sum(a => a.Traces.Count(t => t is not HLine and not VLine)), data.GetArrayLength());
        Assert.Equal(fig.Axes.Sum(a => a.Traces.Count(t => t is HLine or VLine)), layout.GetProperty("shapes").GetArrayLength());
        for (int i = 0; i < fig.Axes.Count; i++)
        {
            Assert.True(layout.TryGetProperty(i == 0 ? "xaxis" : $"xaxis{i + 1}", out _), kind);
            Assert.True(layout.TryGetProperty(i == 0 ? "yaxis" : $"yaxis{i + 1}", out _), kind);
        }
        Assert.Equal(fig.Width, layout.GetProperty("width").GetInt32());
        foreach (var t in data.EnumerateArray())
        {
            Assert.True(t.TryGetProperty("type", out _));
            Assert.StartsWith("x", t.GetProperty("xaxis").GetString());
        }
    }

    [Fact]
    public void Text_is_xml_escaped()
    {
        var fig = Plot.Line(new[] { 1.0, 2 }, "a < b & c > \"d\" 'e'", "x\u0001y", "ok");
        var doc = XDocument.Parse(fig.ToSvg());
        var texts = doc.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("a < b & c > \"d\" 'e'", texts);
        Assert.Contains("xy", texts); // control characters XML forbids are dropped
    }

    [Fact]
    public void Empty_axes_say_no_data()
    {
        var fig = Plot.Histogram(new[] { double.NaN, double.NaN }, 5);
        Assert.Contains(XDocument.Parse(fig.ToSvg()).Descendants(Svg + "text"), t => t.Value == "no data");
        Assert.DoesNotContain(XDocument.Parse(Plot.Line(new[] { 1.0, 2 }).ToSvg()).Descendants(Svg + "text"), t => t.Value == "no data");
    }

    [Fact]
    public void Legend_takes_a_free_corner_or_goes_outside()
    {
        // A falling curve leaves the upper right free.
        var fig = new Figure();
        fig.Ax.Line(Enumerable.Range(0, 50).Select(i => 5 * Math.Exp(-i / 10.0)).ToArray(), "loss");
        var r = Layout(fig);
        Assert.NotNull(r.LegendBox);
        Assert.True(r.LegendBox!.Value.Left > r.Frame.Left + r.Frame.Width / 2 && r.LegendBox.Value.Top < r.Frame.Top + r.Frame.Height / 2);
        // A rising curve leaves the upper left (the lower right is taken too).
        fig = new Figure();
        fig.Ax.Line(Enumerable.Range(0, 50).Select(i => (double)i * i).ToArray(), "rise");
        r = Layout(fig);
        Assert.True(r.LegendBox!.Value.Left < r.Frame.Left + r.Frame.Width / 2 && r.LegendBox.Value.Top < r.Frame.Top + r.Frame.Height / 2);
        // Points everywhere: no free corner, so the legend sits right of the plot area.
        fig = new Figure();
        var grid = Enumerable.Range(0, 400).Select(i => (X: (double)(i % 20), Y: (double)(i / 20))).ToArray();
        fig.Ax.Scatter(grid.Select(p => p.X).ToArray(), grid.Select(p => p.Y).ToArray(), "grid");
        r = Layout(fig);
        Assert.True(r.LegendBox!.Value.Left >= r.Frame.Right);
        Assert.True(r.LegendBox.Value.Left + r.LegendBox.Value.Width <= fig.Width);
    }

    private static AxesRenderer Layout(Figure fig)
    {
        var r = new AxesRenderer(fig.Ax);
        var (x, y, w, h) = fig.Cell(0);
        r.Layout(x, y, w, h);
        return r;
    }

    [Fact]
    public void Rotated_labels_and_margins_stay_inside_the_figure()
    {
        var cats = Enumerable.Range(0, 30).Select(i => $"category with a rather long descriptive name {i}").ToArray();
        var fig = Plot.Bar(cats, cats.Select(_ => 1.0).ToArray(), "Bars", null, "count");
        var r = Layout(fig);
        Assert.Equal(-45, r.XTicks.Rotation);
        double f(double v) => r.Frame.X(v);
        foreach (var box in r.XTicks.Boxes(f, r.Frame.Bottom, isX: true))
            foreach (var (px, py) in box)
            {
                Assert.InRange(px, 0, fig.Width);
                Assert.InRange(py, 0, fig.Height);
            }
        TicksTests.AssertDisjoint(r.XTicks.Boxes(f, r.Frame.Bottom, true), "bar categories");
    }

    [Fact]
    public void Formatter_is_discoverable_by_attribute_name()
    {
        var attr = typeof(Figure).GetCustomAttributes(true).Single(a => a.GetType().Name == "TypeFormatterSourceAttribute");
        var mimes = (string[])attr.GetType().GetProperty("PreferredMimeTypes")!.GetValue(attr)!;
        Assert.Equal(new[] { "text/plain", "image/svg+xml", "image/png", "application/vnd.plotly.v1+json" }, mimes);
        var sourceType = (Type)attr.GetType().GetProperty("FormatterSourceType")!.GetValue(attr)!;
        var source = Activator.CreateInstance(sourceType)!;
        var formatters = ((System.Collections.IEnumerable)sourceType.GetMethod("CreateTypeFormatters")!.Invoke(source, null)!).Cast<object>().ToList();
        var fig = Plot.Histogram(new[] { 1.0, 2, 2, 3 }, 3, "Pitch");
        var outputs = new Dictionary<string, string>();
        foreach (var fo in formatters)
        {
            var mime = (string)fo.GetType().GetProperty("MimeType")!.GetValue(fo)!;
            var w = new StringWriter();
            Assert.True((bool)fo.GetType().GetMethod("Format")!.Invoke(fo, new object[] { fig, w })!);
            Assert.False((bool)fo.GetType().GetMethod("Format")!.Invoke(fo, new object[] { "not a figure", new StringWriter() })!);
            outputs[mime] = w.ToString();
        }
        Assert.Equal(mimes.OrderBy(m => m), outputs.Keys.OrderBy(m => m));
        Assert.Equal("Figure(1×1, 640×400 px, \"Pitch\", 1 trace)", outputs["text/plain"]);
        Assert.DoesNotContain('\n', outputs["text/plain"]);
        XDocument.Parse(outputs["image/svg+xml"]);
        JsonDocument.Parse(outputs["application/vnd.plotly.v1+json"]).Dispose();
    }

    [Fact]
    public void Colormap_lightness_rises_monotonically()
    {
        double prev = -1;
        for (int i = 0; i <= 100; i++)
        {
            var (r, g, b) = Colormap.Sequential(i / 100.0);
            double l = Colormap.Lightness(r, g, b);
            Assert.True(l > prev, $"lightness not increasing at {i / 100.0}");
            prev = l;
        }
        Assert.InRange(Colormap.Lightness(Colormap.Sequential(0).R, Colormap.Sequential(0).G, Colormap.Sequential(0).B), 0.2, 0.4);
        Assert.Equal(Colormap.Cycle.Count, Colormap.Cycle.Distinct().Count());
    }

    [Fact]
    public void Png_encoder_writes_valid_crc_and_pixels()
    {
        Assert.Equal(0xCBF43926u, PngEncoder.Crc32("123456789"u8, 0xFFFFFFFFu) ^ 0xFFFFFFFFu); // the CRC-32 check value
        var rgba = Enumerable.Range(0, 3 * 2 * 4).Select(i => (byte)(i * 7)).ToArray();
        var png = PngEncoder.Encode(3, 2, rgba);
        Assert.Equal(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, png[..8]);
        int pos = 8;
        var idat = new MemoryStream();
        while (pos < png.Length)
        {
            int len = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            var typeAndData = png.AsSpan(pos + 4, 4 + len);
            uint crc = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + len));
            Assert.Equal(crc, PngEncoder.Crc32(typeAndData, 0xFFFFFFFFu) ^ 0xFFFFFFFFu);
            if (typeAndData[..4].SequenceEqual("IDAT"u8)) idat.Write(typeAndData[4..]);
            pos += 12 + len;
        }
        idat.Position = 0;
        using var z = new System.IO.Compression.ZLibStream(idat, System.IO.Compression.CompressionMode.Decompress);
        var raw = new MemoryStream();
        z.CopyTo(raw);
        var rows = raw.ToArray();
        Assert.Equal(2 * (1 + 12), rows.Length);
        Assert.Equal(rgba[..12], rows[1..13]);
        Assert.Equal(rgba[12..], rows[14..]);
    }
}
