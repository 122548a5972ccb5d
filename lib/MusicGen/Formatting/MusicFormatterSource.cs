using MusicGen.Midi;
using MusicGen.Models;
using MusicGen.Plotting;
using MusicGen.Representations;

namespace MusicGen.Formatting;

/// <summary>
/// Notebook formatters of the music types (convention: see <see cref="TypeFormatterSourceAttribute"/>):
/// <see cref="MidiSong"/>, <see cref="PianoRoll"/> and <see cref="Generation"/> show a one-line summary as text and
/// their piano-roll figure in every richer MIME type a <see cref="Figure"/> offers (SVG, and whatever the figure's
/// own formatters add), so they display like figures wherever figures display.
/// </summary>
internal sealed class MusicFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters()
    {
        yield return new TypeFormatter<MidiSong>("text/plain", (s, w) => w.Write(s.Describe()));
        yield return new TypeFormatter<PianoRoll>("text/plain", (r, w) => w.Write(r.ToString()));
        yield return new TypeFormatter<Generation>("text/plain", (g, w) => w.Write(g.ToString()));
        foreach (var f in new FigureFormatterSource().CreateTypeFormatters().OfType<TypeFormatter<Figure>>())
        {
            if (f.MimeType == "text/plain") continue;
            yield return new TypeFormatter<MidiSong>(f.MimeType, (s, w) => f.Format(s.ToFigure(), w));
            yield return new TypeFormatter<PianoRoll>(f.MimeType, (r, w) => f.Format(r.ToFigure(), w));
            yield return new TypeFormatter<Generation>(f.MimeType, (g, w) => f.Format(g.ToFigure(), w));
        }
    }
}
