using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using SkiaSharp;

namespace MusicGen.Plotting;

/// <summary>
/// Draws the SVG that <see cref="Figure.ToSvg"/> writes onto a Skia canvas and encodes it as PNG,
/// so the PNG shows exactly what the SVG shows. It reads only the subset our <see cref="SvgWriter"/>
/// and <see cref="AxesRenderer"/> emit (SVG 1.1: rect, line, circle, path with M/L, text with
/// anchor/baseline/rotation, embedded PNG image, clipPath rect and a clipped g); anything else is a
/// programming error in this folder and throws, rather than being silently dropped.
/// Text uses the system's <c>sans-serif</c> (fontconfig; DejaVu Sans on Debian), the font a
/// browser on the same machine picks for the SVG.
/// </summary>
internal static class SvgRasterizer
{
    private static readonly Lazy<SKTypeface> s_regular = new(() => Typeface(SKFontStyle.Normal));
    private static readonly Lazy<SKTypeface> s_bold = new(() => Typeface(SKFontStyle.Bold));

    /// <summary>PNG bytes of <paramref name="svg"/> at <paramref name="scale"/> device pixels per SVG px.</summary>
    public static byte[] ToPng(string svg, double scale)
    {
        if (!(scale > 0 && scale <= 8)) throw new ArgumentOutOfRangeException(nameof(scale), $"Scale must be in (0, 8] (got {scale}).");
        var root = XDocument.Parse(svg).Root ?? throw new InvalidOperationException("Empty SVG.");
        double w = Num(root, "width"), h = Num(root, "height");
        int pw = Math.Max(1, (int)Math.Round(w * scale)), ph = Math.Max(1, (int)Math.Round(h * scale));
        using var surface = SKSurface.Create(new SKImageInfo(pw, ph, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"Skia could not create a {pw}×{ph} surface.");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        canvas.Scale((float)scale);
        var clips = new Dictionary<string, SKRect>(StringComparer.Ordinal);
        DrawChildren(canvas, root, clips);
        canvas.Flush();
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static void DrawChildren(SKCanvas canvas, XElement parent, Dictionary<string, SKRect> clips)
    {
        foreach (var e in parent.Elements()) Draw(canvas, e, clips);
    }

    private static void Draw(SKCanvas canvas, XElement e, Dictionary<string, SKRect> clips)
    {
        switch (e.Name.LocalName)
        {
            case "rect": Rect(canvas, e); break;
            case "line": Line(canvas, e); break;
            case "circle": Circle(canvas, e); break;
            case "path": Path(canvas, e); break;
            case "text": Text(canvas, e); break;
            case "image": Image(canvas, e); break;
            case "clipPath":
                var r = e.Element(e.Name.Namespace + "rect") ?? throw new InvalidOperationException("clipPath without rect.");
                clips[(string?)e.Attribute("id") ?? ""] = SKRect.Create((float)Num(r, "x"), (float)Num(r, "y"), (float)Num(r, "width"), (float)Num(r, "height"));
                break;
            case "g":
                canvas.Save();
                var clip = (string?)e.Attribute("clip-path");
                if (clip is not null)
                {
                    var id = clip.Trim().TrimStart('u', 'r', 'l', '(', '#').TrimEnd(')');
                    if (!clips.TryGetValue(id, out var rect)) throw new InvalidOperationException($"clip-path '{clip}' refers to no clipPath.");
                    canvas.ClipRect(rect, antialias: true);
                }
                DrawChildren(canvas, e, clips);
                canvas.Restore();
                break;
            default:
                throw new InvalidOperationException($"SvgRasterizer does not draw <{e.Name.LocalName}>; add it here when a trace starts emitting it.");
        }
    }

    private static void Rect(SKCanvas canvas, XElement e)
    {
        var rect = SKRect.Create((float)Num(e, "x"), (float)Num(e, "y"), (float)Num(e, "width"), (float)Num(e, "height"));
        float rx = (float)Num(e, "rx");
        if (Fill(e) is { } fill)
        {
            if (rx > 0) canvas.DrawRoundRect(rect, rx, rx, fill); else canvas.DrawRect(rect, fill);
            fill.Dispose();
        }
        if (Stroke(e) is { } stroke)
        {
            if (rx > 0) canvas.DrawRoundRect(rect, rx, rx, stroke); else canvas.DrawRect(rect, stroke);
            stroke.Dispose();
        }
    }

    private static void Line(SKCanvas canvas, XElement e)
    {
        using var stroke = Stroke(e);
        if (stroke is null) return;
        canvas.DrawLine((float)Num(e, "x1"), (float)Num(e, "y1"), (float)Num(e, "x2"), (float)Num(e, "y2"), stroke);
    }

    private static void Circle(SKCanvas canvas, XElement e)
    {
        using var fill = Fill(e);
        if (fill is not null) canvas.DrawCircle((float)Num(e, "cx"), (float)Num(e, "cy"), (float)Num(e, "r"), fill);
    }

    private static readonly Regex PathCommand = new(@"([ML])\s*(-?[\d.]+(?:e-?\d+)?)\s*,\s*(-?[\d.]+(?:e-?\d+)?)", RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private static void Path(SKCanvas canvas, XElement e)
    {
        using var builder = new SKPathBuilder();
        foreach (Match m in PathCommand.Matches((string?)e.Attribute("d") ?? ""))
        {
            float x = float.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), y = float.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
            if (m.Groups[1].Value == "M") builder.MoveTo(x, y); else builder.LineTo(x, y);
        }
        using var path = builder.Detach();
        using var fill = Fill(e);
        if (fill is not null) canvas.DrawPath(path, fill);
        using var stroke = Stroke(e);
        if (stroke is not null) canvas.DrawPath(path, stroke);
    }

    private static void Text(SKCanvas canvas, XElement e)
    {
        var text = e.Value;
        if (text.Length == 0) return;
        float size = (float)Num(e, "font-size", 12);
        bool bold = int.TryParse((string?)e.Attribute("font-weight"), out var weight) ? weight >= 600 : (string?)e.Attribute("font-weight") == "bold";
        using var font = new SKFont(bold ? s_bold.Value : s_regular.Value, size) { Subpixel = true, Edging = SKFontEdging.Antialias };
        using var paint = new SKPaint { Color = Color((string?)e.Attribute("fill") ?? "#000"), IsAntialias = true };
        float x = (float)Num(e, "x"), y = (float)Num(e, "y");
        float width = font.MeasureText(text);
        var anchor = (string?)e.Attribute("text-anchor");
        float dx = anchor == "middle" ? -width / 2 : anchor == "end" ? -width : 0;
        // dominant-baseline="middle": the baseline sits half an x-height below y (what browsers do).
        float dy = (string?)e.Attribute("dominant-baseline") is "middle" or "central" ? font.Metrics.XHeight / 2 : 0;
        canvas.Save();
        var transform = (string?)e.Attribute("transform");
        if (transform is not null)
        {
            var m = Regex.Match(transform, @"^rotate\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s*\)$");
            if (!m.Success) throw new InvalidOperationException($"SvgRasterizer reads only rotate(a x y), not '{transform}'.");
            canvas.RotateDegrees(float.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
                                 float.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), float.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
        }
        canvas.DrawText(text, x + dx, y + dy, SKTextAlign.Left, font, paint);
        canvas.Restore();
    }

    private static void Image(SKCanvas canvas, XElement e)
    {
        var href = (string?)e.Attribute("href") ?? (string?)e.Attribute(XName.Get("href", "http://www.w3.org/1999/xlink")) ?? "";
        const string prefix = "data:image/png;base64,";
        if (!href.StartsWith(prefix, StringComparison.Ordinal)) throw new InvalidOperationException("SvgRasterizer draws only embedded PNG images.");
        using var bitmap = SKBitmap.Decode(Convert.FromBase64String(href[prefix.Length..]));
        using var image = SKImage.FromBitmap(bitmap);
        var dest = SKRect.Create((float)Num(e, "x"), (float)Num(e, "y"), (float)Num(e, "width"), (float)Num(e, "height"));
        // image-rendering: pixelated → nearest neighbour, as the SVG asks.
        canvas.DrawImage(image, dest, new SKSamplingOptions(SKFilterMode.Nearest, SKMipmapMode.None));
    }

    private static SKPaint? Fill(XElement e)
    {
        var fill = (string?)e.Attribute("fill") ?? (e.Name.LocalName is "path" or "line" ? "none" : "#000");
        if (fill == "none") return null;
        var c = Color(fill);
        double opacity = Num(e, "fill-opacity", 1);
        return new SKPaint { Style = SKPaintStyle.Fill, IsAntialias = true, Color = c.WithAlpha((byte)Math.Round(c.Alpha * Math.Clamp(opacity, 0, 1))) };
    }

    private static SKPaint? Stroke(XElement e)
    {
        var stroke = (string?)e.Attribute("stroke");
        if (stroke is null or "none") return null;
        var paint = new SKPaint
        {
            Style = SKPaintStyle.Stroke, IsAntialias = true, Color = Color(stroke), StrokeWidth = (float)Num(e, "stroke-width", 1),
            StrokeJoin = (string?)e.Attribute("stroke-linejoin") == "round" ? SKStrokeJoin.Round : SKStrokeJoin.Miter,
            StrokeCap = (string?)e.Attribute("stroke-linecap") == "round" ? SKStrokeCap.Round : SKStrokeCap.Butt,
        };
        var dash = (string?)e.Attribute("stroke-dasharray");
        if (dash is not null)
        {
            var intervals = dash.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries).Select(s => float.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            if (intervals.Length % 2 == 1) intervals = [.. intervals, .. intervals];
            paint.PathEffect = SKPathEffect.CreateDash(intervals, 0);
        }
        return paint;
    }

    private static SKColor Color(string text) => text switch
    {
        "white" => SKColors.White,
        "black" => SKColors.Black,
        _ when SKColor.TryParse(text, out var c) => c,
        _ => throw new InvalidOperationException($"SvgRasterizer cannot read the colour '{text}'."),
    };

    private static double Num(XElement e, string name, double fallback = 0) =>
        (string?)e.Attribute(name) is { } s ? double.Parse(s.Replace("px", ""), NumberStyles.Float, CultureInfo.InvariantCulture) : fallback;

    private static SKTypeface Typeface(SKFontStyle style)
    {
        // fontconfig's "sans-serif" (DejaVu Sans on Debian, from fonts-dejavu-core); Skia's default
        // typeface when fontconfig knows no family of that name.
        var face = SKFontManager.Default.MatchFamily("sans-serif", style) ?? SKFontManager.Default.MatchFamily("DejaVu Sans", style);
        return face ?? SKTypeface.Default;
    }
}
