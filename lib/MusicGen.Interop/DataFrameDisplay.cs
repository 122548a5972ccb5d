using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Data.Analysis;

namespace MusicGen.Interop;

/// <summary>
/// How a <see cref="DataFrame"/> shows in a notebook (the package's own formatter needs a full
/// .NET Interactive kernel and throws elsewhere): an HTML table of the first rows with each
/// column's name and element type in the header and the frame's size below, as pandas shows a
/// frame's head; and the same as aligned text. Numbers print with up to 6 significant digits.
/// </summary>
public static class DataFrameDisplay
{
    /// <summary>Rows shown before "… N more rows".</summary>
    public const int HeadRows = 20;

    public static string ToHtml(DataFrame frame, int maxRows = HeadRows)
    {
        ArgumentNullException.ThrowIfNull(frame);
        long rows = frame.Rows.Count;
        int shown = (int)Math.Min(rows, Math.Max(0, maxRows));
        var sb = new StringBuilder("<table class=\"musicgen-table musicgen-dataframe\"><thead><tr><th></th>");
        foreach (var c in frame.Columns)
            sb.Append("<th>").Append(WebUtility.HtmlEncode(c.Name)).Append("<br><small>").Append(WebUtility.HtmlEncode(TypeName(c.DataType))).Append("</small></th>");
        sb.Append("</tr></thead><tbody>");
        for (int i = 0; i < shown; i++)
        {
            sb.Append("<tr><th>").Append(i.ToString(CultureInfo.InvariantCulture)).Append("</th>");
            foreach (var c in frame.Columns)
            {
                var v = c[i];
                sb.Append(IsNumeric(c.DataType) ? "<td style=\"text-align:right\">" : "<td>");
                sb.Append(v is null ? "<em>null</em>" : WebUtility.HtmlEncode(Cell(v))).Append("</td>");
            }
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table><p><em>").Append(Shape(frame));
        if (rows > shown) sb.Append(", first ").Append(shown).Append(" shown");
        sb.Append("</em></p>");
        return sb.ToString();
    }

    public static string ToText(DataFrame frame, int maxRows = 10)
    {
        ArgumentNullException.ThrowIfNull(frame);
        int shown = (int)Math.Min(frame.Rows.Count, Math.Max(0, maxRows));
        var cells = new List<string[]> { frame.Columns.Select(c => c.Name).Prepend("").ToArray() };
        for (int i = 0; i < shown; i++)
            cells.Add(frame.Columns.Select(c => c[i] is { } v ? Cell(v) : "null").Prepend(i.ToString(CultureInfo.InvariantCulture)).ToArray());
        var widths = Enumerable.Range(0, cells[0].Length).Select(k => cells.Max(r => r[k].Length)).ToArray();
        var sb = new StringBuilder();
        foreach (var r in cells) sb.AppendJoin("  ", r.Select((s, k) => s.PadLeft(widths[k]))).Append('\n');
        sb.Append(Shape(frame));
        if (frame.Rows.Count > shown) sb.Append(", first ").Append(shown).Append(" shown");
        return sb.ToString();
    }

    /// <summary>"DataFrame: 3 rows × 2 columns".</summary>
    public static string Shape(DataFrame frame) =>
        $"DataFrame: {frame.Rows.Count} row{(frame.Rows.Count == 1 ? "" : "s")} × {frame.Columns.Count} column{(frame.Columns.Count == 1 ? "" : "s")}";

    private static string Cell(object v) => v switch
    {
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    private static string TypeName(Type t) => t == typeof(int) ? "int" : t == typeof(long) ? "long" : t == typeof(double) ? "double"
        : t == typeof(float) ? "float" : t == typeof(string) ? "string" : t == typeof(bool) ? "bool" : t.Name;

    private static bool IsNumeric(Type t) => t.IsPrimitive && t != typeof(bool) && t != typeof(char) || t == typeof(decimal);
}
