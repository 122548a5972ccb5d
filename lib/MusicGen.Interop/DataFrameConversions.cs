using Microsoft.Data.Analysis;
using MusicGen.Evaluation;
using MusicGen.Representations;

namespace MusicGen.Interop;

/// <summary>
/// Moves the workbook's tables into and out of <see cref="DataFrame"/> (Microsoft.Data.Analysis),
/// so students can <c>Description()</c>, <c>Filter</c>, <c>GroupBy("pitch")</c> and sort them. Column
/// names follow the TensorFlow tutorial's pandas frame (SOURCES.md §3.1): lower-case
/// <c>pitch, step, duration, velocity, start, end</c>. Reading back is case-insensitive and names the
/// missing column or the row holding a null, so a filtered or hand-built frame converts too.
/// </summary>
public static class DataFrameConversions
{
    /// <summary>One row per note: pitch (int), step, duration (s), velocity (int), start, end (s).</summary>
    public static DataFrame ToDataFrame(this NoteTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var rows = table.Rows;
        return new DataFrame(
            new Int32DataFrameColumn("pitch", rows.Select(r => r.Pitch)),
            new DoubleDataFrameColumn("step", rows.Select(r => r.Step)),
            new DoubleDataFrameColumn("duration", rows.Select(r => r.Duration)),
            new Int32DataFrameColumn("velocity", rows.Select(r => r.Velocity)),
            new DoubleDataFrameColumn("start", rows.Select(r => r.Start)),
            new DoubleDataFrameColumn("end", rows.Select(r => r.End)));
    }

    /// <summary>The note table held by <paramref name="frame"/> (columns as <see cref="ToDataFrame(NoteTable)"/>
    /// writes them, any numeric type, any order, extra columns ignored). Rows keep the frame's order;
    /// step and duration are taken as they are, so a frame edited by hand keeps its edits.</summary>
    public static NoteTable ToNoteTable(this DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var pitch = Column(frame, "pitch");
        var step = Column(frame, "step");
        var duration = Column(frame, "duration");
        var velocity = Column(frame, "velocity");
        var start = Column(frame, "start");
        var end = Column(frame, "end");
        var rows = new List<NoteRow>((int)frame.Rows.Count);
        for (long i = 0; i < frame.Rows.Count; i++)
            rows.Add(new NoteRow(Int(pitch, i), Number(step, i), Number(duration, i), Int(velocity, i), Number(start, i), Number(end, i)));
        return new NoteTable(rows);
    }

    /// <summary>A string column <paramref name="nameColumn"/> with the row names, then one double
    /// column per metric (NaN stays NaN: "undefined", as the table prints "—").</summary>
    public static DataFrame ToDataFrame(this MetricsTable table, string nameColumn = "name")
    {
        ArgumentNullException.ThrowIfNull(table);
        var columns = new List<DataFrameColumn> { new StringDataFrameColumn(nameColumn, table.Rows.Select(r => r.Name)) };
        for (int c = 0; c < table.Columns.Count; c++)
        {
            int k = c;
            columns.Add(new DoubleDataFrameColumn(table.Columns[c], table.Rows.Select(r => r.Values[k])));
        }
        return new DataFrame(columns);
    }

    /// <summary>A <see cref="MetricsTable"/> titled <paramref name="title"/>: row names from
    /// <paramref name="nameColumn"/>, every other column numeric (null becomes NaN).</summary>
    public static MetricsTable ToMetricsTable(this DataFrame frame, string title, string nameColumn = "name")
    {
        ArgumentNullException.ThrowIfNull(frame);
        var names = Column(frame, nameColumn);
        var values = frame.Columns.Where(c => !ReferenceEquals(c, names)).ToList();
        foreach (var c in values)
        {
            if (!IsNumeric(c.DataType))
                throw new ArgumentException($"DataFrame column '{c.Name}' holds {c.DataType.Name}; a metrics table needs numbers in every column but '{nameColumn}'.", nameof(frame));
        }
        var table = new MetricsTable(title, values.Select(c => c.Name));
        for (long i = 0; i < frame.Rows.Count; i++)
        {
            var name = names[i]?.ToString() ?? throw new ArgumentException($"DataFrame row {i} has no '{nameColumn}'.", nameof(frame));
            table.AddRow(name, values.Select(c => c[i] is null ? double.NaN : Convert.ToDouble(c[i], System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        }
        return table;
    }

    /// <summary>One row per note value: feature, KL, Jensen–Shannon, overlap, Wasserstein-1 and the
    /// sample counts (the bin edges stay in the records).</summary>
    public static DataFrame ToDataFrame(this IEnumerable<HistogramDistance> distances)
    {
        ArgumentNullException.ThrowIfNull(distances);
        var d = distances.ToList();
        return new DataFrame(
            new StringDataFrameColumn("feature", d.Select(x => x.Feature)),
            new DoubleDataFrameColumn("kl", d.Select(x => x.Kl)),
            new DoubleDataFrameColumn("jensen_shannon", d.Select(x => x.JensenShannon)),
            new DoubleDataFrameColumn("overlap", d.Select(x => x.Overlap)),
            new DoubleDataFrameColumn("wasserstein1", d.Select(x => x.Wasserstein1)),
            new Int32DataFrameColumn("generated_count", d.Select(x => x.GeneratedCount)),
            new Int32DataFrameColumn("reference_count", d.Select(x => x.ReferenceCount)));
    }

    /// <summary>One row per MusPy metric: generated and reference means and how many songs defined it.</summary>
    public static DataFrame ToDataFrame(this IEnumerable<MusPySummary> summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        var s = summaries.ToList();
        return new DataFrame(
            new StringDataFrameColumn("metric", s.Select(x => x.Metric)),
            new DoubleDataFrameColumn("generated_mean", s.Select(x => x.GeneratedMean)),
            new DoubleDataFrameColumn("reference_mean", s.Select(x => x.ReferenceMean)),
            new Int32DataFrameColumn("generated_defined", s.Select(x => x.GeneratedDefined)),
            new Int32DataFrameColumn("reference_defined", s.Select(x => x.ReferenceDefined)));
    }

    /// <summary>The MusPy summaries held by <paramref name="frame"/> (as <see cref="ToDataFrame(IEnumerable{MusPySummary})"/> writes them).</summary>
    public static List<MusPySummary> ToMusPySummaries(this DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var metric = Column(frame, "metric");
        var g = Column(frame, "generated_mean");
        var r = Column(frame, "reference_mean");
        var gd = Column(frame, "generated_defined");
        var rd = Column(frame, "reference_defined");
        var list = new List<MusPySummary>();
        for (long i = 0; i < frame.Rows.Count; i++)
        {
            var name = metric[i]?.ToString() ?? throw new ArgumentException($"DataFrame row {i} has no 'metric'.", nameof(frame));
            list.Add(new MusPySummary(name, Number(g, i), Number(r, i), Int(gd, i), Int(rd, i)));
        }
        return list;
    }

    /// <summary>The report's three tables as frames: histogram distances, the Yang &amp; Lerch
    /// summary (as its table shows it) and the MusPy means.</summary>
    public static (DataFrame Histograms, DataFrame YangLerch, DataFrame MusPy) ToDataFrames(this EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return (report.HistogramDistances.ToDataFrame(), report.YangLerchTable().ToDataFrame("feature"), report.MusPy.ToDataFrame());
    }

    private static DataFrameColumn Column(DataFrame frame, string name)
    {
        var column = frame.Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
        return column ?? throw new ArgumentException(
            $"DataFrame has no column '{name}' (it has: {string.Join(", ", frame.Columns.Select(c => c.Name))}).", nameof(frame));
    }

    private static double Number(DataFrameColumn column, long row)
    {
        var v = column[row] ?? throw new ArgumentException($"DataFrame column '{column.Name}' is null in row {row}.", nameof(column));
        if (!IsNumeric(v.GetType())) throw new ArgumentException($"DataFrame column '{column.Name}' holds {v.GetType().Name}, not a number.", nameof(column));
        return Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static int Int(DataFrameColumn column, long row)
    {
        double v = Number(column, row);
        if (v != Math.Round(v) || v < int.MinValue || v > int.MaxValue)
            throw new ArgumentException($"DataFrame column '{column.Name}' holds {v} in row {row}, not a whole number.", nameof(column));
        return (int)v;
    }

    private static bool IsNumeric(Type t) =>
        t == typeof(double) || t == typeof(float) || t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte)
        || t == typeof(sbyte) || t == typeof(uint) || t == typeof(ulong) || t == typeof(ushort) || t == typeof(decimal);
}
