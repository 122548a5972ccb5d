using System.Globalization;
using System.Net;
using System.Text;
using MusicGen.Formatting;
using MusicGen.Midi;

namespace MusicGen.Representations;

/// <summary>
/// Notes as a table of <see cref="NoteRow"/> (SOURCES.md §3.1, Zhang 2023 / the TensorFlow
/// tutorial's <c>midi_to_notes</c>): notes sorted by start time, then pitch (pretty_midi stores
/// notes in note-off order, so sorting matters), step = start − previous start, first step 0.
/// </summary>
[TypeFormatterSource(typeof(RepresentationFormatterSource), PreferredMimeTypes = new[] { "text/plain", "text/html" })]
public sealed class NoteTable
{
    public NoteTable(IEnumerable<NoteRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Rows = rows.ToList();
    }

    /// <summary>The rows in time order.</summary>
    public IReadOnlyList<NoteRow> Rows { get; }

    public int Count => Rows.Count;

    public NoteRow this[int index] => Rows[index];

    /// <summary>The table of <paramref name="notes"/>, sorted by start then pitch (stable).</summary>
    public static NoteTable FromNotes(IEnumerable<Note> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var sorted = notes.OrderBy(n => n.Start).ThenBy(n => n.Pitch).ToList();
        var rows = new List<NoteRow>(sorted.Count);
        var previousStart = sorted.Count > 0 ? sorted[0].Start : 0;
        foreach (var n in sorted)
        {
            rows.Add(new NoteRow(n.Pitch, n.Start - previousStart, n.End - n.Start, n.Velocity, n.Start, n.End));
            previousStart = n.Start;
        }
        return new NoteTable(rows);
    }

    /// <summary>The table of one instrument's notes (the tutorial uses <c>instruments[0]</c>).</summary>
    public static NoteTable FromInstrument(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return FromNotes(instrument.Notes);
    }

    /// <summary>The table of instrument <paramref name="instrumentIndex"/> of <paramref name="song"/>
    /// (default 0, as the tutorial's <c>pm.instruments[0]</c>).</summary>
    public static NoteTable FromSong(MidiSong song, int instrumentIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(song);
        if ((uint)instrumentIndex >= (uint)song.Instruments.Count)
            throw new ArgumentOutOfRangeException(nameof(instrumentIndex), instrumentIndex, $"the song has {song.Instruments.Count} instrument(s).");
        return FromInstrument(song.Instruments[instrumentIndex]);
    }

    /// <summary>
    /// Notes from (pitch, step, duration) rows as the tutorial's <c>notes_to_midi</c> does: start =
    /// previous start + step (from 0), end = start + duration, every note at <paramref name="velocity"/>
    /// (the tutorial uses 100). Negative steps or durations are clipped to 0.
    /// </summary>
    public static List<Note> ToNotes(IEnumerable<(int Pitch, double Step, double Duration)> rows, int velocity = 100)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var notes = new List<Note>();
        double start = 0;
        foreach (var (pitch, step, duration) in rows)
        {
            start += Math.Max(0, step);
            notes.Add(new Note(Math.Clamp(pitch, 0, 127), velocity, start, start + Math.Max(0, duration)));
        }
        return notes;
    }

    /// <summary>Notes with their original start, end and velocity.</summary>
    public List<Note> ToNotes() => Rows.Select(r => new Note(r.Pitch, r.Velocity, r.Start, r.End)).ToList();

    /// <summary>The named columns as a (N, columns.Length) array, e.g. <c>ToArray("pitch", "step",
    /// "duration")</c> for the tutorial's (N, 3) input. Names: pitch, step, duration, velocity,
    /// start, end (case-insensitive).</summary>
    public float[,] ToArray(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length == 0) columns = ["pitch", "step", "duration"];
        var getters = columns.Select(Column).ToArray();
        var a = new float[Rows.Count, getters.Length];
        for (var i = 0; i < Rows.Count; i++)
            for (var j = 0; j < getters.Length; j++) a[i, j] = (float)getters[j](Rows[i]);
        return a;
    }

    private static Func<NoteRow, double> Column(string name) => name.ToLowerInvariant() switch
    {
        "pitch" => r => r.Pitch,
        "step" => r => r.Step,
        "duration" => r => r.Duration,
        "velocity" => r => r.Velocity,
        "start" => r => r.Start,
        "end" => r => r.End,
        _ => throw new ArgumentException($"unknown note-table column '{name}' (pitch, step, duration, velocity, start, end).", nameof(name)),
    };

    public override string ToString() => $"NoteTable(notes={Rows.Count})";

    private static readonly string[] Header = ["pitch", "step", "duration", "velocity", "start", "end"];

    private static string[] Cells(NoteRow r) =>
    [
        r.Pitch.ToString(CultureInfo.InvariantCulture), r.Step.ToString("0.####", CultureInfo.InvariantCulture),
        r.Duration.ToString("0.####", CultureInfo.InvariantCulture), r.Velocity.ToString(CultureInfo.InvariantCulture),
        r.Start.ToString("0.####", CultureInfo.InvariantCulture), r.End.ToString("0.####", CultureInfo.InvariantCulture),
    ];

    /// <summary>The first <paramref name="maxRows"/> rows as aligned text (what a notebook shows as text/plain).</summary>
    public string ToText(int maxRows = 10)
    {
        var rows = Rows.Take(maxRows).Select(Cells).Prepend(Header).ToList();
        var widths = Enumerable.Range(0, Header.Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var sb = new StringBuilder().AppendLine(ToString());
        foreach (var r in rows) sb.AppendLine(string.Join("  ", r.Select((cell, c) => cell.PadLeft(widths[c]))));
        if (Rows.Count > maxRows) sb.AppendLine($"… {Rows.Count - maxRows} more rows");
        return sb.ToString();
    }

    /// <summary>The first <paramref name="maxRows"/> rows as an HTML table (a data frame's look in a notebook).</summary>
    public string ToHtml(int maxRows = 10)
    {
        var sb = new StringBuilder("<table><thead><tr>");
        foreach (var h in Header) sb.Append("<th>").Append(h).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var r in Rows.Take(maxRows))
        {
            sb.Append("<tr>");
            foreach (var cell in Cells(r)) sb.Append("<td>").Append(WebUtility.HtmlEncode(cell)).Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
        sb.Append("<p>").Append(Rows.Count.ToString(CultureInfo.InvariantCulture)).Append(" notes");
        if (Rows.Count > maxRows) sb.Append(", first ").Append(maxRows.ToString(CultureInfo.InvariantCulture)).Append(" shown");
        sb.Append("</p>");
        return sb.ToString();
    }
}
