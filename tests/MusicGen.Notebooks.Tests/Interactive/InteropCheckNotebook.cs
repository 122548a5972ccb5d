using System.Globalization;
using System.Text.Json;
using MusicGen.Notebooks.Display;
using MusicGen.Notebooks.Ipynb;

namespace MusicGen.Notebooks.Tests.Interactive;

/// <summary>
/// A notebook the .NET Interactive test runs beside the workbook: after the common setup cell, a
/// DataFrame, an XPlot chart and a Plotly.NET 6 chart displayed directly (no conversion call), the
/// FSharp.Core binds our hook answered, a chart after Plotly.NET.Interactive loaded, and which
/// LibTorchSharp the kernel process mapped. <see cref="Verify"/> checks what came back.
/// </summary>
internal static class InteropCheckNotebook
{
    private const string DataFrameCell = "NoteTable.FromNotes(Enumerable.Range(0, 12).Select(i => new Note(60 + i, 80, i * 0.5, i * 0.5 + 0.4))).ToDataFrame()";
    private const string XPlotCell = "#r \"nuget: XPlot.Plotly, 4.1.0\"\nXPlot.Plotly.Chart.Plot(new XPlot.Plotly.Bar { x = new[] { \"a\", \"b\" }, y = new[] { 2, 1 } })";
    private const string PlotlyNetCell = "#r \"nuget: Plotly.NET.CSharp, 0.14.0\"\n"
        + "Plotly.NET.CSharp.Chart.Line<double, double, string>(new[] { 0.0, 1, 2, 3 }, new[] { 1.0, 3, 2, 4 }, Name: \"loss\")";
    // Plotly.NET comes first, as in a notebook that uses it alone: then the kernel's FSharp.Core 10.0 is all
    // there is and only our hook answers the 10.1 bind, which the bridge cell counts. (After an XPlot chart
    // the charts work too, but the count stays 0: the bind is answered elsewhere; .NET Interactive loads
    // MusicGen.Interop outside the default load context.) Plotly.NET.Interactive's extension last.
    private const string PlotlyNetInteractiveCell = "#r \"nuget: Plotly.NET.Interactive, 6.0.0\"\n"
        + "Plotly.NET.CSharp.Chart.Line<double, double, string>(new[] { 0.0, 1, 2, 3 }, new[] { 4.0, 2, 3, 1 }, Name: \"after the extension\")";
    private const string BridgeCell = "$\"FSharp.Core binds answered: {FSharpCoreBridge.Substitutions}\"";
    private const string TorchCell = "#r \"../lib/MusicGen.TorchSharp/bin/Release/net10.0/TorchSharp.dll\"\n"
        + "#r \"../lib/MusicGen.TorchSharp/bin/Release/net10.0/MusicGen.TorchSharp.dll\"\n"
        + "MusicGen.TorchSharp.TorchSharpRuntime.EnsureLoaded();\n"
        + "Console.WriteLine(string.Join(\"\\n\", File.ReadLines(\"/proc/self/maps\").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1])"
        + ".Where(p => p.EndsWith(\"libLibTorchSharp.so\") || p.EndsWith(\"libmusicgen-glibcxx-shim.so\")).Distinct().Select(p => \"mapped: \" + p)));";

    public static void Write(string path, string setupCell)
    {
        var nb = Notebook.Create();
        var setup = NotebookCell.Code(setupCell);
        setup.Metadata["tags"] = new System.Text.Json.Nodes.JsonArray("setup");
        nb.Cells.Add(setup);
        var parameters = NotebookCell.Code("var Quick = false;");
        parameters.Metadata["tags"] = new System.Text.Json.Nodes.JsonArray("parameters");
        nb.Cells.Add(parameters);
        foreach (var code in new[] { DataFrameCell, PlotlyNetCell, BridgeCell, XPlotCell, PlotlyNetInteractiveCell, TorchCell }) nb.Cells.Add(NotebookCell.Code(code));
        nb.EnsureCellIds();
        nb.Save(path);
    }

    /// <summary>Checks the executed notebook; returns the chart cells' HTML for the browser check.</summary>
    public static IReadOnlyList<string> Verify(Notebook executed)
    {
        List<MimeBundle> Bundles(string source) =>
            [.. executed.Cells.Single(c => c.Source == source).Outputs.Where(o => o.Data is not null).Select(o => o.Data!)];
        string Text(string source) => string.Concat(executed.Cells.Single(c => c.Source == source).Outputs
            .Select(o => o.Text ?? (o.Data?.TryGet("text/plain", out var t) == true ? t : "")));

        // DataFrame: Microsoft.Data.Analysis's own .NET Interactive extension draws a table.
        Assert.Contains(Bundles(DataFrameCell), d => d.TryGet("text/html", out var h) && h.Contains("<table", StringComparison.Ordinal) && h.Contains("velocity", StringComparison.Ordinal));

        // Both charts directly: plain text, the Plotly MIME type, and HTML that needs no CDN.
        var html = new List<string>();
        foreach (var (cell, label, trace) in new[]
                 {
                     (PlotlyNetCell, "Plotly.NET chart (1 trace)", "scatter"), (XPlotCell, "XPlot.Plotly chart (1 trace)", "bar"),
                     (PlotlyNetInteractiveCell, "Plotly.NET chart (1 trace)", "scatter"),
                 })
        {
            var chart = Bundles(cell).SingleOrDefault(d => d.Contains(DotnetInteractiveMime));
            Assert.True(chart is not null, $"no {DotnetInteractiveMime} output for: {cell}");
            Assert.Equal(trace, FirstTraceType(chart!.TryGet(DotnetInteractiveMime, out var j) ? j : ""));
            Assert.True(chart.TryGet("text/plain", out var plain) && plain == label, $"text/plain was '{plain}', expected '{label}'");
            Assert.True(chart.TryGet("text/html", out var h) && h.Contains("Plotly.newPlot", StringComparison.Ordinal), "chart HTML does not draw with plotly.js");
            // Nothing loads from elsewhere: no script URL, no RequireJS path to plotly.js on its CDN (as
            // Plotly.NET.Interactive's HTML has). plotly.js itself names https://cdn.plot.ly/ for map styles.
            Assert.DoesNotContain("<script src", h, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("cdn.plot.ly/plotly", h, StringComparison.Ordinal);
            Assert.DoesNotContain("requirejs", h, StringComparison.Ordinal);
            html.Add(h);
        }
        // plotly.js travels once, with the session's first chart.
        Assert.Contains("plotly.js v2.28.0", html[0], StringComparison.Ordinal);
        Assert.All(html.Skip(1), h => Assert.DoesNotContain("plotly.js v2.28.0", h, StringComparison.Ordinal));

        // Plotly.NET ran because the hook answered its FSharp.Core 10.1 bind with the kernel's 10.0.
        var bridge = Text(BridgeCell);
        Assert.Matches(@"FSharp\.Core binds answered: [1-9]", bridge);

        // LibTorch loads from our build output, through the libstdc++ shim where the system lacks GLIBCXX_3.4.32.
        var mapped = Text(TorchCell).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToList();
        // /proc/self/maps shows real paths (the test's lib/ is a link), so compare what follows the repository.
        const string native = "/lib/MusicGen.TorchSharp/bin/Release/net10.0/runtimes/linux-x64/native/";
        Assert.True(mapped.Any(l => l.EndsWith(native + "libLibTorchSharp.so", StringComparison.Ordinal)),
            "LibTorchSharp was not loaded from the build output under dotnet-interactive: " + string.Join("; ", mapped));
        if (!SystemLibstdcxxHas("GLIBCXX_3.4.32"))
            Assert.True(mapped.Any(l => l.EndsWith(native + "libmusicgen-glibcxx-shim.so", StringComparison.Ordinal)),
                "this system's libstdc++ lacks GLIBCXX_3.4.32 but the shim is not mapped: " + string.Join("; ", mapped));
        return html;
    }

    /// <summary>Notebook 09 under .NET Interactive: LibTorch loaded, and the two engines' outputs agree.</summary>
    public static void VerifyTorchSharpNotebook(Notebook executed)
    {
        var text = string.Concat(executed.Cells.SelectMany(c => c.Outputs).Select(o => o.Text ?? ""));
        Assert.Contains("(LibTorch ", text, StringComparison.Ordinal);
        var m = System.Text.RegularExpressions.Regex.Match(text, @"largest \|ours − TorchSharp\|[^=]*= ([0-9.Ee+-]+)");
        Assert.True(m.Success, "notebook 09 printed no 'largest |ours − TorchSharp| … = x' line under dotnet-interactive");
        var diff = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(diff < 1e-4, $"notebook 09 under dotnet-interactive: engines differ by {diff}");
    }

    private const string DotnetInteractiveMime = "application/vnd.plotly.v1+json";

    /// <summary>The first trace's type. .NET Interactive sends a <c>+json</c> MIME value as a JSON
    /// string holding the JSON, not as the object itself; accept both.</summary>
    private static string? FirstTraceType(string json)
    {
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind == JsonValueKind.String) return FirstTraceType(doc.RootElement.GetString()!);
        return doc.RootElement.GetProperty("data")[0].GetProperty("type").GetString();
    }

    private static bool SystemLibstdcxxHas(string version)
    {
        foreach (var dir in new[] { "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib" })
        {
            var path = Path.Combine(dir, "libstdc++.so.6");
            if (File.Exists(path)) return System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(path)).Contains(version + "\0", StringComparison.Ordinal);
        }
        return false;
    }
}
