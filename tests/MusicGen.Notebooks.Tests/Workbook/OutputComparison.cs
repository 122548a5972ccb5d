using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MusicGen.Notebooks.Ipynb;

namespace MusicGen.Notebooks.Tests.Workbook;

/// <summary>
/// Compares the outputs two runs saved for the same notebook (our engine vs the Jupyter kernel
/// driven by nbclient): per code cell the same output types in the same order, the same MIME
/// types, and the same content. Consecutive stream chunks are joined first (the kernel publishes
/// console text in several messages, nbclient appends them), and wall-clock figures in text
/// ("3.2 s", "812 seq/s") are masked because two runs never take the same time.
/// </summary>
public static partial class OutputComparison
{
    /// <summary>Differences in reading order, each one line naming the cell; empty when equal.</summary>
    public static List<string> Differences(Notebook expected, Notebook actual)
    {
        var differences = new List<string>();
        var a = expected.Cells.Where(c => c.CellType == NotebookCell.CodeType).ToList();
        var b = actual.Cells.Where(c => c.CellType == NotebookCell.CodeType).ToList();
        if (a.Count != b.Count)
        {
            differences.Add($"{a.Count} code cells vs {b.Count}");
            return differences;
        }
        for (var i = 0; i < a.Count; i++)
        {
            var x = Normalise(a[i].Outputs);
            var y = Normalise(b[i].Outputs);
            var where = $"code cell {i + 1} ({First(a[i].Source)})";
            if (x.Count != y.Count)
            {
                differences.Add($"{where}: {x.Count} outputs [{Kinds(x)}] vs {y.Count} [{Kinds(y)}]");
                continue;
            }
            for (var k = 0; k < x.Count; k++)
            {
                if (x[k].Kind != y[k].Kind) differences.Add($"{where}, output {k + 1}: {x[k].Kind} vs {y[k].Kind}");
                else if (x[k].Content != y[k].Content) differences.Add($"{where}, output {k + 1} ({x[k].Kind}): content differs at char {Mismatch(x[k].Content, y[k].Content)}");
            }
        }
        return differences;
    }

    private sealed record Item(string Kind, string Content);

    private static List<Item> Normalise(List<NotebookOutput> outputs)
    {
        var items = new List<Item>();
        foreach (var o in outputs)
        {
            if (o.OutputType == NotebookOutput.StreamType)
            {
                var kind = "stream:" + o.Name;
                var text = o.Text ?? "";
                if (items.Count > 0 && items[^1].Kind == kind) items[^1] = items[^1] with { Content = items[^1].Content + text };
                else items.Add(new Item(kind, text));
                continue;
            }
            if (o.OutputType == NotebookOutput.ErrorType)
            {
                items.Add(new Item("error", $"{o.EName}: {o.EValue}"));
                continue;
            }
            var data = o.Data ?? new();
            var mimes = data.MimeTypes.Order(StringComparer.Ordinal).ToList();
            var content = new StringBuilder();
            foreach (var m in mimes) content.Append(m).Append('\n').Append(IsJson(m) ? CanonicalJson(data[m]) : data[m]).Append('\n');
            items.Add(new Item($"{o.OutputType}[{string.Join(",", mimes)}]", content.ToString()));
        }
        return [.. items.Select(i => i with { Content = MaskTimes(i.Content) })];
    }

    // nbformat keeps JSON MIME data as JSON, and Python writes numbers its own way (1.0 vs 1, 1e-05 vs 1E-05):
    // compare JSON by value, numbers as doubles.
    private static bool IsJson(string mime) => mime == "application/json" || mime.EndsWith("+json", StringComparison.Ordinal);

    private static string CanonicalJson(string json)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(json); }
        catch (JsonException) { return json; }
        var sb = new StringBuilder();
        Write(node, sb);
        return sb.ToString();
    }

    private static void Write(JsonNode? node, StringBuilder sb)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject o:
                sb.Append('{');
                foreach (var (k, v) in o.OrderBy(p => p.Key, StringComparer.Ordinal)) { sb.Append(JsonSerializer.Serialize(k)).Append(':'); Write(v, sb); sb.Append(','); }
                sb.Append('}');
                break;
            case JsonArray a:
                sb.Append('[');
                foreach (var v in a) { Write(v, sb); sb.Append(','); }
                sb.Append(']');
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                sb.Append(v.GetValue<double>().ToString("R", CultureInfo.InvariantCulture));
                break;
            default:
                sb.Append(node.ToJsonString());
                break;
        }
    }

    /// <summary>Masks durations and rates: "12.5 s", "3 ms", "850 seq/s", "2.1 steps/s", "4,100 notes/s".</summary>
    public static string MaskTimes(string text) => Durations().Replace(text, "#$1");

    [GeneratedRegex(@"\d[\d,]*(?:\.\d+)?(\s?(?:ms|s|sec|seconds|min|[a-z]+/s)\b)")]
    private static partial Regex Durations();

    private static string Kinds(List<Item> items) => string.Join(", ", items.Select(i => i.Kind));

    private static string First(string source)
    {
        var line = source.Split('\n').FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";
        return line.Length > 50 ? line[..50] + "…" : line;
    }

    private static int Mismatch(string x, string y)
    {
        var n = Math.Min(x.Length, y.Length);
        for (var i = 0; i < n; i++)
            if (x[i] != y[i]) return i;
        return n;
    }
}
