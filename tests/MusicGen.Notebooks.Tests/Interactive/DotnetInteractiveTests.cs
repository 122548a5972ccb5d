using System.Diagnostics;
using System.Text.Json;
using MusicGen.Notebooks.Tests.Kernel;
using MusicGen.Notebooks.Tests.Workbook;
using Xunit.Abstractions;

namespace MusicGen.Notebooks.Tests.Interactive;

/// <summary>
/// Every notebook runs in quick mode under the official .NET Interactive kernel
/// (Microsoft.dotnet-interactive 1.0.712001, installed here as a local tool) through the real
/// Jupyter client (nbclient), each from its own setup cell: for users who still have Polyglot
/// Notebooks. Figures must arrive as SVG and PNG and audio as a player, through our formatter
/// convention (TypeFormatterSourceAttribute), which .NET Interactive reads too; notebook 09 must
/// load LibTorch and agree with our engine; and <see cref="InteropCheckNotebook"/> checks DataFrame,
/// XPlot and Plotly.NET display there, whose chart HTML must then draw in Chromium with no network.
/// </summary>
[Collection(DotnetInteractiveCollection.Name)]
public sealed class DotnetInteractiveTests(ITestOutputHelper output)
{
    public const string ToolVersion = "1.0.712001";

    /// <summary>Where the tool is installed once per machine (a local tool, not a global one).</summary>
    public static string ToolPath => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "musicgen", "dotnet-interactive-" + ToolVersion);

    /// <summary>Installs the tool into <see cref="ToolPath"/> unless it is there; returns its launcher.</summary>
    public static string EnsureTool()
    {
        var tool = Path.Combine(ToolPath, "dotnet-interactive");
        if (!File.Exists(tool))
        {
            var (code, text) = WorkbookRun.RunProcess("dotnet", ["tool", "install", "Microsoft.dotnet-interactive", "--version", ToolVersion, "--tool-path", ToolPath], TimeSpan.FromMinutes(5));
            Assert.True(code == 0, $"dotnet tool install Microsoft.dotnet-interactive {ToolVersion} failed: {text}");
        }
        return tool;
    }

    [JupyterFact]
    public void Every_notebook_runs_under_dotnet_interactive_in_quick_mode()
    {
        var clock = Stopwatch.StartNew();
        var tool = EnsureTool();
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

            // One kernel spec per notebook, each with a port range of its own. The kernel's HTTP service takes the
            // first free port of its range (default 2048-3000) without guarding against another kernel starting at
            // the same moment: on a shared machine a range of this run's own avoids "address already in use" at
            // start-up, and within the run the next notebook's kernel could still find the port its predecessor, shutting
            // down, was about to release free, then fail to bind it (CI, 2026-12-07: notebook 05 of 9).
            var notebooks = Notebooks();
            var ranges = HttpPortRanges(notebooks.Length + 1);
            for (var i = 0; i < ranges.Length; i++)
            {
                var kernelDir = Directory.CreateDirectory(Path.Combine(root.FullName, "jupyter", "kernels", $"dotnet-interactive-csharp-{i}")).FullName;
                File.WriteAllText(Path.Combine(kernelDir, "kernel.json"), JsonSerializer.Serialize(new
                {
                    argv = new[] { tool, "jupyter", "--default-kernel", "csharp", "--http-local-only", "--http-port-range", ranges[i], "{connection_file}" },
                    display_name = ".NET Interactive (C#)",
                    language = "C#",
                }));
            }

            var driver = Path.Combine(repo, "tests", "MusicGen.Notebooks.Tests", "Interactive", "run_dotnet_interactive.py");
            var interop = Path.Combine(root.FullName, "interop-check.ipynb");
            InteropCheckNotebook.Write(interop, SetupCell(repo));
            var psi = new ProcessStartInfo("/usr/bin/python3", [driver, "dotnet-interactive-csharp-", outDir, .. notebooks, interop])
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
            Assert.True(results.Count == notebooks.Length + 1, $"driver exited {p.ExitCode} after {results.Count} notebooks: {Tail(stderr.Result)}");
            var failures = results.Where(r => !r.GetProperty("ok").GetBoolean()).Select(r => $"{r.GetProperty("name")}: {r.GetProperty("error")}").ToList();
            Assert.True(failures.Count == 0, string.Join("\n", failures));
            // Figures come through our formatter convention as SVG and PNG, audio as a player.
            Assert.True(results.Sum(r => r.GetProperty("png").GetInt32()) >= results.Count, "figures without PNG under dotnet-interactive");
            Assert.True(results.Sum(r => r.GetProperty("svg").GetInt32()) >= results.Count, "figures without SVG under dotnet-interactive");
            Assert.True(results.Sum(r => r.GetProperty("audio").GetInt32()) > 0, "no audio player under dotnet-interactive");
            // Notebook 09 (TorchSharp), then DataFrame, XPlot and Plotly.NET display.
            InteropCheckNotebook.VerifyTorchSharpNotebook(MusicGen.Notebooks.Ipynb.Notebook.Read(Path.Combine(outDir, "09-the-same-network-in-torchsharp.ipynb")));
            var chartHtml = InteropCheckNotebook.Verify(MusicGen.Notebooks.Ipynb.Notebook.Read(Path.Combine(outDir, Path.GetFileName(interop))));
            ChartHtmlDrawsOffline(root.FullName, chartHtml);
        }
        finally
        {
            try { root.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>The charts' HTML as .NET Interactive sent it, on a bare page in headless Chromium
    /// (no network): plotly.js from the first chart's output must draw both, also when the page has
    /// an AMD loader (<c>define.amd</c>, as RequireJS in Jupyter's classic page) that would otherwise
    /// capture plotly.js.</summary>
    private void ChartHtmlDrawsOffline(string folder, IReadOnlyList<string> chartHtml)
    {
        if (!File.Exists(ChromiumFactAttribute.Chromium) && Environment.GetEnvironmentVariable("MUSICGEN_REQUIRE_JUPYTER") != "1")
        {
            output.WriteLine($"chart HTML not drawn: {ChromiumFactAttribute.Chromium} is not installed");
            return;
        }
        var page = Path.Combine(folder, "dotnet-interactive-charts.html");
        File.WriteAllText(page, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><script>window.define = function () { window.amdCaptured = true; }; window.define.amd = {};</script></head><body>\n"
                                + string.Join("\n", chartHtml.Select(h => $"<div>{h}</div>")) + "\n</body></html>");
        using var shot = ChromiumPage.Screenshot(page);
        // XPlot (no template) draws in plotly.js's first colour #1f77b4; Plotly.NET's template its line
        // in rgb(99, 110, 250) on a rgb(229, 236, 246) plot area.
        Assert.True(ChromiumPage.Near(shot, 31, 119, 180) > 5000, "the XPlot chart's HTML drew no bars offline");
        Assert.True(ChromiumPage.Near(shot, 229, 236, 246) > 20000, "the Plotly.NET chart's HTML drew no plot area offline");
        Assert.True(ChromiumPage.Near(shot, 99, 110, 250) > 300, "the Plotly.NET chart's HTML drew no line offline");
    }

    /// <summary><paramref name="count"/> adjacent, disjoint ranges of 100 ports from a random start in 20000–59999.</summary>
    private static string[] HttpPortRanges(int count)
    {
        int start = 20000 + Random.Shared.Next(400 - count) * 100;
        return Enumerable.Range(0, count).Select(i => $"{start + 100 * i}-{start + 100 * i + 99}").ToArray();
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
