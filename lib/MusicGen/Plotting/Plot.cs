using MusicGen.Midi;

namespace MusicGen.Plotting;

/// <summary>
/// One-call figures for notebooks: each returns a <see cref="Figure"/> with one axes that can
/// still be adjusted (<c>fig.Ax.YLog = true</c>) before it is displayed.
/// </summary>
public static class Plot
{
    public static Figure Line(IReadOnlyList<double> x, IReadOnlyList<double> y, string? title = null, string? xLabel = null,
                              string? yLabel = null, string? name = null)
    {
        var fig = New(title, xLabel, yLabel);
        fig.Ax.Line(x, y, name);
        return fig;
    }

    /// <summary>A line over x = 0, 1, …, n − 1.</summary>
    public static Figure Line(IReadOnlyList<double> y, string? title = null, string? xLabel = null, string? yLabel = null, string? name = null) =>
        Line(Enumerable.Range(0, y.Count).Select(i => (double)i).ToArray(), y, title, xLabel, yLabel, name);

    /// <summary>Several named series over a shared index (e.g. train and validation loss per epoch), with a legend.</summary>
    public static Figure Lines(IEnumerable<(string Name, IReadOnlyList<double> Y)> series, string? title = null, string? xLabel = "Epoch",
                               string? yLabel = "Loss", bool yLog = false)
    {
        var fig = New(title, xLabel, yLabel);
        foreach (var (name, y) in series) fig.Ax.Line(y, name);
        fig.Ax.YLog = yLog;
        return fig;
    }

    /// <summary>A training curve: loss per epoch, with the validation loss and its best epoch
    /// (dashed vertical line) when given.</summary>
    public static Figure Loss(IReadOnlyList<double> train, IReadOnlyList<double>? valid = null, string? title = "Loss", bool yLog = false)
    {
        var fig = New(title, "Epoch", "Loss");
        fig.Ax.Line(train, "train");
        if (valid is { Count: > 0 })
        {
            fig.Ax.Line(valid, "validation");
            int best = -1;
            for (int i = 0; i < valid.Count; i++) if (double.IsFinite(valid[i]) && (best < 0 || valid[i] < valid[best])) best = i;
            if (best >= 0) fig.Ax.VLine(best, $"best epoch ({best})");
        }
        fig.Ax.YLog = yLog;
        return fig;
    }

    /// <summary>Grouped bars, e.g. NLL per dataset for several models.</summary>
    public static Figure Bars(IReadOnlyList<string> categories, IEnumerable<(string Name, IReadOnlyList<double> Values)> series, string? title = null,
                              string? xLabel = null, string? yLabel = null)
    {
        var fig = New(title, xLabel, yLabel);
        fig.Ax.Bars(categories, series.ToArray());
        return fig;
    }

    public static Figure Scatter(IReadOnlyList<double> x, IReadOnlyList<double> y, string? title = null, string? xLabel = null, string? yLabel = null)
    {
        var fig = New(title, xLabel, yLabel);
        fig.Ax.Scatter(x, y);
        return fig;
    }

    /// <summary>Bars over named categories (long names rotate and thin automatically).</summary>
    public static Figure Bar(IReadOnlyList<string> categories, IReadOnlyList<double> values, string? title = null, string? xLabel = null,
                             string? yLabel = null)
    {
        var fig = New(title, xLabel, yLabel);
        fig.Ax.Bar(categories, values);
        return fig;
    }

    /// <summary>A histogram with <paramref name="bins"/> equal-width bins (numpy.histogram semantics).</summary>
    public static Figure Histogram(IReadOnlyList<double> values, int bins = 10, string? title = null, string? xLabel = null,
                                   bool density = false, (double Min, double Max)? range = null)
    {
        var fig = New(title, xLabel, density ? "Density" : "Count");
        fig.Ax.Histogram(values, bins, range, density);
        return fig;
    }

    /// <summary>A histogram with explicit bin edges (numpy.histogram semantics; values outside are dropped).</summary>
    public static Figure Histogram(IReadOnlyList<double> values, double[] edges, string? title = null, string? xLabel = null, bool density = false)
    {
        var fig = New(title, xLabel, density ? "Density" : "Count");
        fig.Ax.Histogram(values, edges, density);
        return fig;
    }

    /// <summary>A heatmap of z (rows, cols), row 0 at the bottom, with a colour bar.</summary>
    public static Figure Heatmap(double[,] z, string? title = null, string? xLabel = null, string? yLabel = null, string? colorbarLabel = null)
    {
        var fig = New(title, xLabel, yLabel);
        fig.Ax.Heatmap(z, colorbarLabel);
        return fig;
    }

    /// <summary>Notes as horizontal bars on a pitch × seconds plane.</summary>
    public static Figure PianoRoll(IEnumerable<Note> notes, string? title = null, int width = 900, int height = 360)
    {
        var fig = new Figure(width, height);
        fig.Ax.Title = title;
        fig.Ax.PianoRoll(notes);
        return fig;
    }

    /// <summary>Every non-drum note of a song.</summary>
    public static Figure PianoRoll(MidiSong song, string? title = null, int width = 900, int height = 360) =>
        PianoRoll(song.GetAllNotes(), title, width, height);

    /// <summary>A (128, T) roll at <paramref name="fs"/> frames per second.</summary>
    public static Figure PianoRoll(float[,] roll, double fs = 100, string? title = null, int width = 900, int height = 360)
    {
        var fig = new Figure(width, height);
        fig.Ax.Title = title;
        fig.Ax.PianoRoll(roll, fs);
        return fig;
    }

    /// <summary>The TF tutorial's <c>plot_piano_roll(notes, count)</c> (SOURCES.md §3.5): the first <paramref name="count"/>
    /// notes (all when null) as segments with end dots, titled "First {count} notes" or "Whole track".</summary>
    public static Figure NoteSegments(IEnumerable<Note> notes, int? count = null, int width = 1000, int height = 300)
    {
        var list = count is { } c ? notes.Take(c).ToList() : notes.ToList();
        var fig = new Figure(width, height);
        fig.Ax.Title = count is null ? "Whole track" : $"First {count} notes";
        fig.Ax.Segments(list);
        return fig;
    }

    private static Figure New(string? title, string? xLabel, string? yLabel)
    {
        var fig = new Figure();
        fig.Ax.Title = title;
        fig.Ax.XLabel = xLabel;
        fig.Ax.YLabel = yLabel;
        return fig;
    }
}
