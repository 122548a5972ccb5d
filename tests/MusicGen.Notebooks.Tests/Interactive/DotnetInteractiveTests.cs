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
            var psi = new ProcessStartInfo("/usr/bin/python3", [driver, "dotnet-interactive-csharp", setupPath, outDir, .. Notebooks()])
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
            Assert.True(results.Count == Notebooks().Length, $"driver exited {p.ExitCode} after {results.Count} notebooks: {Tail(stderr.Result)}");
            var failures = results.Where(r => !r.GetProperty("ok").GetBoolean()).Select(r => $"{r.GetProperty("name")}: {r.GetProperty("error")}").ToList();
            Assert.True(failures.Count == 0, string.Join("\n", failures));
            // Figures come through our formatter convention as SVG and PNG, audio as a player.
            Assert.True(results.Sum(r => r.GetProperty("png").GetInt32()) >= results.Count, "figures without PNG under dotnet-interactive");
            Assert.True(results.Sum(r => r.GetProperty("svg").GetInt32()) >= results.Count, "figures without SVG under dotnet-interactive");
            Assert.True(results.Sum(r => r.GetProperty("audio").GetInt32()) > 0, "no audio player under dotnet-interactive");
        }
        finally
        {
            try { root.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
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
