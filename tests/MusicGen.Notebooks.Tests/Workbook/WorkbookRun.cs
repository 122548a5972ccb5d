using System.Diagnostics;
using System.Runtime.CompilerServices;
using MusicGen.Cli;

namespace MusicGen.Notebooks.Tests.Workbook;

/// <summary>
/// Runs the real command once for the whole class, in a child process exactly as a user types it:
/// <c>musicgen notebooks run notebooks --quick --out DIR --html DIR/html</c>. Quick mode is the
/// papermill-style parameter every notebook declares; datasets come from MUSICGEN_DATA when set
/// (.ci/run sets it) and from data/sample otherwise.
/// </summary>
public sealed class WorkbookRun : IDisposable
{
    /// <summary>Generous: quick mode is meant to take under a minute per notebook.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(15);

    public WorkbookRun()
    {
        Folder = Path.Combine(Path.GetTempPath(), "musicgen-workbook-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Folder);
        Notebooks = [.. Directory.GetFiles(NotebooksFolder, "*.ipynb").Order(StringComparer.Ordinal)];
        (ExitCode, Stderr) = Run(["notebooks", "run", NotebooksFolder, "--quick", "--out", EngineOutput, "--html", HtmlFolder], Limit);
    }

    public string Folder { get; }
    public string EngineOutput => Path.Combine(Folder, "engine");
    public string HtmlFolder => Path.Combine(Folder, "html");
    public IReadOnlyList<string> Notebooks { get; }
    public int ExitCode { get; }
    public string Stderr { get; }

    /// <summary>musicgen.dll as built beside the tests.</summary>
    public static string MusicgenDll => typeof(KernelCommand).Assembly.Location;

    public static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));

    public static string NotebooksFolder => Path.Combine(RepositoryRoot(), "notebooks");

    /// <summary>Runs <c>dotnet musicgen.dll ARGS</c>; returns the exit code and stderr.</summary>
    public static (int ExitCode, string Stderr) Run(IEnumerable<string> args, TimeSpan limit) =>
        RunProcess("dotnet", [MusicgenDll, .. args], limit);

    public static (int ExitCode, string Stderr) RunProcess(string file, IEnumerable<string> args, TimeSpan limit)
    {
        var psi = new ProcessStartInfo(file, args)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = RepositoryRoot(),
        };
        // Each run gets an empty weight cache of its own: a run that found the previous run's weights would print
        // "weights from the cache" where the other trained, and the engine-vs-kernel comparison would differ.
        var cache = Path.Combine(Path.GetTempPath(), "musicgen-cache-" + Guid.NewGuid().ToString("N")[..8]);
        psi.Environment["MUSICGEN_CACHE"] = cache;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(limit))
        {
            p.Kill(entireProcessTree: true);
            return (-1, $"{file} did not finish within {limit.TotalMinutes} min\n{stderr.Result}");
        }
        p.WaitForExit();
        try { Directory.Delete(cache, recursive: true); } catch (DirectoryNotFoundException) { } catch (IOException) { }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
