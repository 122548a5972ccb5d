using System.Text;
using MusicGen.Formatting;
using MusicGen.IO;

namespace MusicGen.Plotting;

/// <summary>
/// A figure: a grid of <see cref="Axes"/> (matplotlib's <c>plt.subplots(rows, cols)</c>) with
/// an optional title, rendered to standalone SVG (<see cref="ToSvg"/>) or to the Plotly JSON MIME
/// payload (<see cref="ToPlotlyJson"/>) or PNG (<see cref="ToPng"/>). In a notebook it displays
/// as SVG scaled to the output width, with a PNG rendering for viewers that withhold SVG from an
/// untrusted notebook, and the Plotly bundle for front ends that render it interactively.
/// </summary>
[TypeFormatterSource(typeof(FigureFormatterSource), PreferredMimeTypes = new[] { "text/plain", "image/svg+xml", "image/png", "application/vnd.plotly.v1+json" })]
public sealed class Figure
{
    private readonly Axes[] _axes;

    /// <summary>A figure with a single axes.</summary>
    public Figure(int width = 640, int height = 400, string? title = null) : this(1, 1, width, height, title) { }

    private Figure(int rows, int cols, int width, int height, string? title)
    {
        if (rows < 1 || cols < 1 || rows * cols > 64) throw new ArgumentOutOfRangeException(nameof(rows), $"A figure holds 1–64 axes (got {rows}×{cols}).");
        if (width < 50 || height < 50 || width > 10000 || height > 10000)
            throw new ArgumentOutOfRangeException(nameof(width), $"Figure size must be 50–10000 px (got {width}×{height}).");
        Rows = rows;
        Cols = cols;
        Width = width;
        Height = height;
        Title = title;
        _axes = Enumerable.Range(0, rows * cols).Select(_ => new Axes()).ToArray();
    }

    /// <summary>A rows × cols grid of axes; the default size gives each about 360 × 320 px.</summary>
    public static Figure Subplots(int rows, int cols, int? width = null, int? height = null, string? title = null) =>
        new(rows, cols, width ?? Math.Clamp(360 * cols, 360, 1400), height ?? (320 * rows + (title is null ? 0 : 30)), title);

    public int Rows { get; }
    public int Cols { get; }

    /// <summary>Size in px (the SVG's width, height and viewBox).</summary>
    public int Width { get; set; }
    public int Height { get; set; }

    public string? Title { get; set; }

    /// <summary>All axes, row by row.</summary>
    public IReadOnlyList<Axes> Axes => _axes;

    /// <summary>The axes at (row, col), zero-based.</summary>
    public Axes this[int row, int col]
    {
        get
        {
            if ((uint)row >= Rows || (uint)col >= Cols) throw new ArgumentOutOfRangeException(nameof(row), $"Axes ({row}, {col}) is outside the {Rows}×{Cols} grid.");
            return _axes[row * Cols + col];
        }
    }

    /// <summary>The first (or only) axes.</summary>
    public Axes Ax => _axes[0];

    private const double FigureTitleFont = 15;

    internal double TitleHeight => Title is null ? 0 : TextMetrics.Height(FigureTitleFont) + 10;

    /// <summary>Cell (x, y, w, h) of axes <paramref name="index"/>.</summary>
    internal (double X, double Y, double W, double H) Cell(int index)
    {
        double cw = (double)Width / Cols, ch = (Height - TitleHeight) / Rows;
        return (index % Cols * cw, TitleHeight + index / Cols * ch, cw, ch);
    }

    /// <summary>Standalone SVG 1.1 (xmlns, width/height and viewBox, sans-serif text). Inlined in a
    /// page narrower than <see cref="Width"/> (Jupyter Notebook's output area is about 985 px) it
    /// shrinks to fit, keeping its aspect ratio (max-width 100%, height auto, from the viewBox),
    /// instead of getting a scroll bar that hides the legend; as a file it keeps its size.</summary>
    public string ToSvg()
    {
        var svg = new SvgWriter();
        svg.Raw($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" style=\"max-width:100%;height:auto\" font-family=\"sans-serif\">\n");
        svg.Raw($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"#ffffff\"/>\n");
        if (Title is not null)
            svg.Text(Width / 2.0, 6 + FigureTitleFont, TextMetrics.Truncate(Title, FigureTitleFont, Width - 24, bold: true), FigureTitleFont, "middle", bold: true);
        for (int i = 0; i < _axes.Length; i++)
        {
            var (x, y, w, h) = Cell(i);
            var r = new AxesRenderer(_axes[i]);
            r.Layout(x, y, w, h);
            r.Draw(svg, ClipPlaceholder + i.ToString(System.Globalization.CultureInfo.InvariantCulture), x, y, w, h);
        }
        svg.Raw("</svg>\n");
        // Clip-path ids must be unique among all SVGs inlined in one HTML page: derive them from a
        // hash of the content, which keeps the output deterministic (stable notebook diffs).
        var body = svg.ToString();
        return body.Replace(ClipPlaceholder, "clip" + Fnv1a(body).ToString("x16") + "-");
    }

    // U+0001 cannot occur in escaped user text (SvgWriter.Escape drops it), so it is a safe placeholder.
    private const string ClipPlaceholder = "\u0001";

    private static ulong Fnv1a(string s)
    {
        ulong h = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(s)) { h ^= b; h *= 1099511628211UL; }
        return h;
    }

    /// <summary>The <c>application/vnd.plotly.v1+json</c> payload: <c>{"data":[…],"layout":{…}}</c>.</summary>
    public string ToPlotlyJson() => PlotlyWriter.Write(this);

    /// <summary>The figure as PNG, drawn from <see cref="ToSvg"/> with Skia so both show the same;
    /// <paramref name="scale"/> device pixels per figure px (2 for sharp slides).</summary>
    public byte[] ToPng(double scale = 1) => SvgRasterizer.ToPng(ToSvg(), scale);

    /// <summary>Writes the SVG to a file (atomically: <see cref="AtomicFile"/>).</summary>
    public void SaveSvg(string path) => Save(path, new UTF8Encoding(false).GetBytes(ToSvg()));

    /// <summary>Writes the PNG to a file (atomically), by default at twice the figure's
    /// size (<see cref="Width"/>·2 × <see cref="Height"/>·2 pixels) for slides and documents.</summary>
    public void SavePng(string path, double scale = 2) => Save(path, ToPng(scale));

    private static void Save(string path, byte[] bytes)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        AtomicFile.WriteAllBytes(full, bytes);
    }

    public override string ToString()
    {
        int traces = _axes.Sum(a => a.Traces.Count);
        var title = Title ?? _axes.Select(a => a.Title).FirstOrDefault(t => t is not null);
        return $"Figure({Rows}×{Cols}, {Width}×{Height} px{(title is null ? "" : $", \"{title}\"")}, {traces} trace{(traces == 1 ? "" : "s")})";
    }
}
