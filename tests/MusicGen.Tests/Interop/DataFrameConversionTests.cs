using Microsoft.Data.Analysis;
using MusicGen.Evaluation;
using MusicGen.Interop;
using MusicGen.Midi;
using MusicGen.Representations;

namespace MusicGen.Tests.Interop;

public class DataFrameConversionTests
{
    private static NoteTable Table() => NoteTable.FromNotes(Enumerable.Range(0, 30)
        .Select(i => new Note(60 + i % 5, 40 + i, i * 0.25, i * 0.25 + 0.1 + i % 3 * 0.05)));

    [Fact]
    public void NoteTable_round_trips_with_pandas_column_names_and_types()
    {
        var table = Table();
        var df = table.ToDataFrame();
        Assert.Equal(["pitch", "step", "duration", "velocity", "start", "end"], df.Columns.Select(c => c.Name));
        Assert.Equal([typeof(int), typeof(double), typeof(double), typeof(int), typeof(double), typeof(double)], df.Columns.Select(c => c.DataType));
        Assert.Equal(30, df.Rows.Count);
        Assert.Equal(table.Rows, df.ToNoteTable().Rows);
    }

    [Fact]
    public void A_filtered_and_grouped_frame_answers_what_linq_answers()
    {
        var table = Table();
        var df = table.ToDataFrame();
        var high = df.Filter(df["pitch"].ElementwiseGreaterThanOrEqual(63));
        Assert.Equal(table.Rows.Where(r => r.Pitch >= 63), high.ToNoteTable().Rows);
        var counts = df.GroupBy("pitch").Count();
        var expected = table.Rows.GroupBy(r => r.Pitch).ToDictionary(g => g.Key, g => (long)g.Count());
        for (long i = 0; i < counts.Rows.Count; i++)
            Assert.Equal(expected[(int)counts["pitch"][i]], Convert.ToInt64(counts["velocity"][i]));
        Assert.Equal(expected.Count, counts.Rows.Count);
    }

    [Fact]
    public void Reading_back_names_the_missing_column_and_the_null_row()
    {
        var df = Table().ToDataFrame();
        df.Columns.Remove("velocity");
        var e = Assert.Throws<ArgumentException>(() => df.ToNoteTable());
        Assert.Contains("no column 'velocity'", e.Message);
        var withNull = Table().ToDataFrame();
        withNull["start"][3] = null;
        Assert.Contains("'start' is null in row 3", Assert.Throws<ArgumentException>(() => withNull.ToNoteTable()).Message);
    }

    [Fact]
    public void MetricsTable_round_trips_including_undefined_values()
    {
        var t = new MetricsTable("Scores", ["kl", "overlap"]).AddRow("lstm", 0.5, double.NaN).AddRow("random", double.PositiveInfinity, 0.1);
        var df = t.ToDataFrame();
        Assert.Equal(["name", "kl", "overlap"], df.Columns.Select(c => c.Name));
        var back = df.ToMetricsTable("Scores");
        Assert.Equal(t.Columns, back.Columns);
        Assert.Equal(t.Rows.Select(r => r.Name), back.Rows.Select(r => r.Name));
        Assert.Equal(t.Rows.SelectMany(r => r.Values), back.Rows.SelectMany(r => r.Values));
        Assert.Equal(t.ToText(), back.ToText());
    }

    [Fact]
    public void Evaluation_report_tables_convert_and_muspy_round_trips()
    {
        var a = new MidiSong();
        var piano = new Instrument(0);
        piano.Notes.AddRange(Enumerable.Range(0, 40).Select(i => new Note(60 + i % 7, 80, i * 0.25, i * 0.25 + 0.2)));
        a.Instruments.Add(piano);
        var b = new MidiSong();
        var piano2 = new Instrument(0);
        piano2.Notes.AddRange(Enumerable.Range(0, 40).Select(i => new Note(55 + i % 12, 70, i * 0.3, i * 0.3 + 0.25)));
        b.Instruments.Add(piano2);
        var report = EvaluationReport.Evaluate([a, a], [b, b]);
        var (hist, yl, muspy) = report.ToDataFrames();
        Assert.Equal(report.HistogramDistances.Select(h => h.Kl), hist["kl"].Cast<double>());
        Assert.Equal(report.YangLerchTable().Rows.Count, yl.Rows.Count);
        Assert.Equal(report.MusPy, muspy.ToMusPySummaries());
    }
}
