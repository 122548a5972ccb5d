using System.Diagnostics;
using System.Text.Json;
using MusicGen.Notebooks.Tests.Kernel;
using MusicGen.Notebooks.Tests.Workbook;
using Xunit.Abstractions;

namespace MusicGen.Notebooks.Tests.Interactive;

/// <summary>
/// Every notebook runs in quick mode under the official .NET Interactive kernel
/// (Microsoft.dotnet-interactive 1.0.712001, installed here as a local tool) through the real
/// Jupyter client (nbclient), with the common setup cell first: for users who still have
/// Polyglot Notebooks. Figures must arrive as SVG and PNG and audio as a player, through our
/// formatter convention (TypeFormatterSourceAttribute), which .NET Interactive reads too.
/// </summary>
[Collection(DotnetInteractiveCollection.Name)]
public sealed class DotnetInteractiveTests(ITestOutputHelper output)
{
    public const string ToolVersion = "1.0.712001";

    /// <summary>Where the tool is installed once per machine (a local tool, not a global one).</summary>
    public static string ToolPath => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "musicgen", "dotnet-interactive-" + ToolVersion);

    [JupyterFact]
    public void Every_notebook_runs_under_dotnet_interactive_in_quick_mode()
    {
        var clock = Stopwatch.StartNew();
        var tool = Path.Combine(ToolPath, "dotnet-interactive");
        if (!File.Exists(tool))
        {
            var (code, text) = WorkbookRun.RunProcess("dotnet", ["tool", "install", "Microsoft.dotnet-interactive", "--version", ToolVersion, "--tool-path", ToolPath], TimeSpan.FromMinutes(5));
            Assert.True(code == 0, $"dotnet tool install Microsoft.dotnet-interactive {ToolVersion} failed: {text}");
        }
        output.WriteLine($"tool ready after {clock.Elapsed.TotalSeconds:F1} s");

        var root = Directory.CreateTempSubdirectory("musicgen-dotnet-interactive-");
        try
        {
            // The copies sit in ROOT/notebooks beside links to the repository's lib/ and data/, so the
            // setup cell's "../lib/…" paths resolve exactly as they do from notebooks/.
            var repo = WorkbookRun.RepositoryRoot();
            Directory.CreateSymbolicLink(Path.Combine(root.FullName, "lib"), Path.Combine(repo, "lib"));
            Directory.CreateSymbolicLink(Path.Combine(root.FullName, "data"), Path.Combine(repo, "data"));
            var outDir = Directory.CreateDirectory(Path.Combine(root.FullName, "notebooks")).FullName;
            var setup = SetupCell(repo);
            var setupPath = Path.Combine(root.FullName, "setup-cell.csx");
            File.WriteAllText(setupPath, setup);

            var kernelDir = Directory.CreateDirectory(Path.Combine(root.FullName, "jupyter", "kernels", "dotnet-interactive-csharp")).FullName;
            File.WriteAllText(Path.Combine(kernelDir, "kernel.json"), JsonSerializer.Serialize(new
            {
                argv = new[] { tool, "jupyter", "--default-kernel", "csharp", "--http-local-only", "{connection_file}" },
                display_name = ".NET Interactive (C#)",
                language = "C#",
            }));

            var driver = Path.Combine(repo, "tests", "MusicGen.Notebooks.Tests", "Interactive", "run_dotnet_interactive.py");
            var interop = WriteInteropNotebook(Path.Combine(root.FullName, "interop-check.ipynb"));
            var psi = new ProcessStartInfo("/usr/bin/python3", [driver, "dotnet-interactive-csharp", setupPath, outDir, .. Notebooks(), interop])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = outDir,
            };
            psi.Environment["JUPYTER_PATH"] = Path.Combine(root.FullName, "jupyter");
            psi.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
            psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            var lines = new List<string>();
            while (p.StandardOutput.ReadLine() is { } line)
            {
                lines.Add(line);
                output.WriteLine(line);
            }
            if (!p.WaitForExit(TimeSpan.FromMinutes(25))) p.Kill(entireProcessTree: true);
            p.WaitForExit();
            output.WriteLine($"all notebooks under dotnet-interactive: {clock.Elapsed.TotalSeconds:F0} s");

            var results = lines.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.True(results.Count == Notebooks().Length + 1, $"driver exited {p.ExitCode} after {results.Count} notebooks: {Tail(stderr.Result)}");
            var failures = results.Where(r => !r.GetProperty("ok").GetBoolean()).Select(r => $"{r.GetProperty("name")}: {r.GetProperty("error")}").ToList();
            Assert.True(failures.Count == 0, string.Join("\n", failures));
            // Figures come through our formatter convention as SVG and PNG, audio as a player.
            Assert.True(results.Sum(r => r.GetProperty("png").GetInt32()) >= results.Count, "figures without PNG under dotnet-interactive");
            Assert.True(results.Sum(r => r.GetProperty("svg").GetInt32()) >= results.Count, "figures without SVG under dotnet-interactive");
            Assert.True(results.Sum(r => r.GetProperty("audio").GetInt32()) > 0, "no audio player under dotnet-interactive");
            // DataFrame (Microsoft.Data.Analysis's own extension there) and an XPlot chart as a PlotlyFigure.
            var executed = MusicGen.Notebooks.Ipynb.Notebook.Read(Path.Combine(outDir, Path.GetFileName(interop)));
            var outputs = executed.Cells.SelectMany(c => c.Outputs).Where(o => o.Data is not null).Select(o => o.Data!).ToList();
            Assert.Contains(outputs, d => d.TryGet("text/html", out var h) && h.Contains("<table", StringComparison.Ordinal) && h.Contains("velocity", StringComparison.Ordinal));
            Assert.Contains(outputs, d => d.TryGet("application/vnd.plotly.v1+json", out var j) && FirstTraceType(j) == "bar");
        }
        finally
        {
            try { root.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>The first trace's type. .NET Interactive sends a <c>+json</c> MIME value as a JSON
    /// string holding the JSON, not as the object itself; accept both.</summary>
    private static string? FirstTraceType(string json)
    {
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind == JsonValueKind.String) return FirstTraceType(doc.RootElement.GetString()!);
        return doc.RootElement.GetProperty("data")[0].GetProperty("type").GetString();
    }

    /// <summary>A notebook that exercises the interop types under .NET Interactive.</summary>
    private static string WriteInteropNotebook(string path)
    {
        var nb = MusicGen.Notebooks.Ipynb.Notebook.Create();
        var parameters = MusicGen.Notebooks.Ipynb.NotebookCell.Code("var Quick = false;");
        parameters.Metadata["tags"] = new System.Text.Json.Nodes.JsonArray("parameters");
        nb.Cells.Add(parameters);
        nb.Cells.Add(MusicGen.Notebooks.Ipynb.NotebookCell.Code("NoteTable.FromNotes(Enumerable.Range(0, 12).Select(i => new Note(60 + i, 80, i * 0.5, i * 0.5 + 0.4))).ToDataFrame()"));
        nb.Cells.Add(MusicGen.Notebooks.Ipynb.NotebookCell.Code("#r \"nuget: XPlot.Plotly, 4.1.0\"\nXPlot.Plotly.Chart.Plot(new XPlot.Plotly.Bar { x = new[] { \"a\", \"b\" }, y = new[] { 2, 1 } }).ToPlotlyFigure()"));
        nb.EnsureCellIds();
        nb.Save(path);
        return path;
    }

    /// <summary>The setup cell as committed; when the build output is elsewhere (MUSICGEN_ARTIFACTS),
    /// its two <c>#r</c> paths point at the assemblies this test runs with.</summary>
    private static string SetupCell(string repo)
    {
        var text = File.ReadAllText(ReferenceDirectiveTests.SetupCellPath);
        foreach (var (relative, assembly) in new[]
                 {
                     ("../lib/MusicGen/bin/Release/net10.0/MusicGen.Core.dll", typeof(MusicGen.Midi.MidiSong).Assembly),
                     ("../lib/MusicGen.Interop/bin/Release/net10.0/MusicGen.Interop.dll", typeof(MusicGen.Interop.DataFrameConversions).Assembly),
                 })
        {
            Assert.Contains(relative, text);
            if (!File.Exists(Path.Combine(repo, "notebooks", relative))) text = text.Replace(relative, assembly.Location);
        }
        return text;
    }

    private static string[] Notebooks() => [.. Directory.GetFiles(WorkbookRun.NotebooksFolder, "*.ipynb").Order(StringComparer.Ordinal)];

    private static string Tail(string text) => text.Length > 3000 ? text[^3000..] : text;
}
