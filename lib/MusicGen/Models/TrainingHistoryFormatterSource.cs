using MusicGen.Formatting;

namespace MusicGen.Models;

/// <summary>Notebook formatters for <see cref="TrainingHistory"/> (convention: see
/// <see cref="TypeFormatterSourceAttribute"/>): a one-line summary, and the loss curve as inline SVG
/// with a small table of the last epochs.</summary>
internal sealed class TrainingHistoryFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters()
    {
        yield return new TypeFormatter<TrainingHistory>("text/plain", (h, w) => w.Write(h.ToString()));
        yield return new TypeFormatter<TrainingHistory>("text/html", (h, w) => w.Write(h.ToHtml()));
    }
}
