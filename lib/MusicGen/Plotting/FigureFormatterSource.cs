using MusicGen.Formatting;

namespace MusicGen.Plotting;

/// <summary>Notebook formatters for <see cref="Figure"/> (convention: see
/// <see cref="TypeFormatterSourceAttribute"/>): one-line text, SVG, PNG (base64, as Jupyter
/// stores it) and the Plotly JSON bundle. The PNG declines (no image/png) when Skia's native
/// library cannot load in the host, so the figure still shows as SVG there.</summary>
internal sealed class FigureFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters()
    {
        yield return new TypeFormatter<Figure>("text/plain", (f, w) => w.Write(f.ToString()));
        yield return new TypeFormatter<Figure>("image/svg+xml", (f, w) => w.Write(f.ToSvg()));
        yield return new FigurePngFormatter();
        yield return new TypeFormatter<Figure>("application/vnd.plotly.v1+json", (f, w) => w.Write(f.ToPlotlyJson()));
    }

}
