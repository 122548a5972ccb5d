namespace MusicGen.Interop;

/// <summary>The convention's formatters for <see cref="PlotlyFigure"/> (shape: MimeType and
/// <c>bool Format(object, TextWriter)</c>).</summary>
internal sealed class PlotlyFigureFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters()
    {
        yield return new Formatter("text/plain", f => f.ToString());
        yield return new Formatter("application/vnd.plotly.v1+json", f => f.Json);
        yield return new Formatter("text/html", f => f.ToHtml());
    }

    internal sealed class Formatter(string mimeType, Func<PlotlyFigure, string> write)
    {
        public string MimeType { get; } = mimeType;

        public Type Type => typeof(PlotlyFigure);

        public bool Format(object instance, TextWriter writer)
        {
            if (instance is not PlotlyFigure figure) return false;
            writer.Write(write(figure));
            return true;
        }
    }
}
