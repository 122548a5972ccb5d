using System.CommandLine;
using System.Text.Json;
using MusicGen.Notebooks.Export;
using MusicGen.Notebooks.Ipynb;
using MusicGen.Notebooks.Running;

namespace MusicGen.Cli;

/// <summary>
/// <c>musicgen notebooks run PATH... [--quick] [--out DIR | --in-place] [--html [DIR]] [--timeout S]</c> executes
/// notebooks top to bottom, each in a child process, and saves executed copies under out/ (exit 1 naming the
/// notebook and cell when a cell fails; the last line says where the copies went);
/// <c>musicgen notebooks export FILE --html OUT</c> writes a static HTML page.
/// </summary>
internal sealed class NotebooksCommand : ICommandGroup
{
    public Command Create()
    {
        var notebooks = new Command("notebooks", "Run notebooks (saving their outputs) or export them to HTML.");
        notebooks.Add(CreateRun());
        notebooks.Add(CreateExport());
        notebooks.Add(NotebooksPrepareCommand.Create());
        notebooks.Add(CreateRunChild());
        return notebooks;
    }

    /// <summary>The default per-cell limit of <c>notebooks run</c>: a cell that loops forever fails
    /// after it instead of hanging the run (and CI) forever.</summary>
    internal const double DefaultTimeoutSeconds = 600;

    /// <summary>The largest <c>--timeout</c> accepted (30 days), well inside <see cref="TimeSpan"/>.</summary>
    internal const double MaxTimeoutSeconds = 30 * 86400;

    private static Command CreateRun()
    {
        var paths = new Argument<string[]>("PATH") { Description = "Notebooks (.ipynb) or folders (every *.ipynb in them, sorted by name).", Arity = ArgumentArity.OneOrMore };
        var quick = new Option<bool>("--quick") { Description = "Set the parameter Quick = true (small data, few epochs): the CI mode." };
        var outDir = new Option<string?>("--out") { Description = "Folder for the executed copies (default: out/notebooks at the repository root, which git ignores)." };
        var inPlace = new Option<bool>("--in-place") { Description = "Maintainers: save the outputs into the notebooks themselves (refreshes the committed outputs)." };
        var parameters = new Option<string[]>("--parameter", "-p") { Description = "NAME=VALUE assigned after the 'parameters' cell (bool, number or text); repeatable.", AllowMultipleArgumentsPerToken = false };
        var timeout = new Option<string?>("--timeout") { Description = $"Fail a cell that runs longer than SECONDS (default {DefaultTimeoutSeconds:0}; 0 = no limit)." };
        var json = new Option<bool>("--json") { Description = "Print a JSON summary of every run to stdout." };
        var html = new Option<string?>("--html") { Description = "Also export every executed notebook to DIR/NAME.html with DIR/index.html linking them (DIR defaults to out/html).", Arity = ArgumentArity.ZeroOrOne };
        var cmd = new Command("run", "Execute notebooks in order, each in a process of its own; stop a notebook at its first failing cell and save it whole. " +
                                     "The notebooks themselves are not changed unless --in-place is given.")
        {
            paths, quick, outDir, inPlace, parameters, timeout, json, html,
        };
        cmd.SetAction(parse =>
        {
            var stderr = parse.InvocationConfiguration.Error;
            var seconds = ParseTimeout(parse.GetValue(timeout));
            var files = ExpandPaths(parse.GetValue(paths) ?? []);
            var overrides = ParseParameters(parse.GetValue(parameters) ?? []);
            bool inPlaceRun = parse.GetValue(inPlace);
            var outFolder = parse.GetValue(outDir);
            if (inPlaceRun && outFolder is not null) throw new UserError("--in-place and --out: give only one of them");
            var root = OutputRoot(files);
            if (!inPlaceRun)
            {
                outFolder ??= Path.Combine(root, "out", "notebooks");
                var clash = files.GroupBy(Path.GetFileName).FirstOrDefault(g => g.Count() > 1);
                if (clash is not null) throw new UserError($"--out {outFolder}: two notebooks are named {clash.Key}");
                if (File.Exists(outFolder)) throw new UserError($"--out {outFolder}: is a file, not a folder");
            }
            string? htmlFolder = null;
            var htmlResult = parse.GetResult(html);
            if (htmlResult is not null)
            {
                htmlFolder = parse.GetValue(html) ?? Path.Combine(root, "out", "html");
                if (File.Exists(htmlFolder)) throw new UserError($"--html {htmlFolder}: is a file, not a folder");
            }
            var outputs = files.Select(f => inPlaceRun ? f : Path.Combine(outFolder!, Path.GetFileName(f))).ToList();
            // Every output is checked before any notebook runs: a read-only file is refused, not replaced.
            foreach (var o in outputs.Concat(htmlFolder is null ? [] : files.Select(f => Path.Combine(htmlFolder, Path.GetFileNameWithoutExtension(f) + ".html")).Append(Path.Combine(htmlFolder, "index.html"))))
                CheckOutput(o);
            if (outFolder is not null) Directory.CreateDirectory(outFolder);

            var child = SelfCommand();
            var results = new List<NotebookRunResult>();
            NotebookRunOptions Options(int i) => new()
            {
                Quick = parse.GetValue(quick),
                Parameters = overrides,
                OutputPath = outputs[i],
                CellTimeout = seconds > 0 ? TimeSpan.FromSeconds(seconds) : null,
                Progress = stderr,
            };
            // Each notebook runs in a process of its own; the next one's process starts while this one runs, so that
            // its runtime and compiler start-up (about a second of CPU each) overlap with work instead of adding up.
            StartedChild? next = null;
            try
            {
                for (int i = 0; i < files.Count; i++)
                {
                    var options = Options(i);
                    var started = next;
                    next = null;
                    try
                    {
                        started ??= NotebookProcessRunner.Start(files[i], options, child);
                        if (i + 1 < files.Count) next = NotebookProcessRunner.Start(files[i + 1], Options(i + 1), child);
                        results.Add(NotebookProcessRunner.RunAsync(files[i], options, child, started: started).GetAwaiter().GetResult());
                    }
                    catch (NotebookFormatException e)
                    {
                        throw new UserError(e.Message);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        throw new UserError(e.Message.ReplaceLineEndings(" "));
                    }
                    finally
                    {
                        started?.Dispose();   // only a child that did not run: e.g. the notebook could not be read
                    }
                }
            }
            finally
            {
                next?.Dispose();
            }
            string? index = null;
            if (htmlFolder is not null)
            {
                try
                {
                    index = NotebookIndexPage.Write(results, htmlFolder);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new UserError($"--html {htmlFolder}: cannot write ({e.Message})");
                }
            }
            if (parse.GetValue(json))
                parse.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(results.Select(Summary)));
            var failed = results.Where(r => !r.Succeeded).ToList();
            foreach (var f in failed) stderr.WriteLine($"musicgen: {f.Describe()}");
            // The last line says where everything went.
            var where = inPlaceRun ? "executed notebooks saved in place" : $"executed notebooks in {Shown(outFolder!)}";
            stderr.WriteLine($"musicgen: {where}{(index is null ? "" : $"; HTML in {Shown(index)}")}");
            return failed.Count == 0 ? 0 : 1;
        });
        return cmd;
    }

    /// <summary>The hidden verb each notebook runs in (see <see cref="NotebookProcessRunner"/>):
    /// the prepared notebook on stdin, the run's events as JSON lines on stdout.</summary>
    private static Command CreateRunChild()
    {
        var path = new Argument<string>("PATH");
        var timeout = new Option<string?>("--timeout");
        var cmd = new Command("run-child", "Internal: run one notebook for `notebooks run`.") { path, timeout };
        cmd.Hidden = true;
        cmd.SetAction(parse =>
        {
            double seconds = ParseTimeout(parse.GetValue(timeout) ?? "0");
            // The protocol owns the real stdout; anything else printed outside a cell goes to stderr.
            // On Unix the console's own stream locks Console.Out for every write (cursor tracking), which a
            // cell's Console.WriteLine holds while it reports to us: writing fd 1 directly avoids that deadlock.
            var protocol = OperatingSystem.IsWindows()
                ? Console.OpenStandardOutput()
                : new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(1, ownsHandle: false), FileAccess.Write, 1);
            Console.SetOut(Console.Error);
            return NotebookProcessRunner.ServeAsync(parse.GetValue(path)!, Console.In, protocol,
                seconds > 0 ? TimeSpan.FromSeconds(seconds) : null).GetAwaiter().GetResult();
        });
        return cmd;
    }

    /// <summary>Seconds from <c>--timeout</c>: a finite number in [0, 30 days]; 0 means no limit.</summary>
    internal static double ParseTimeout(string? text)
    {
        if (text is null) return DefaultTimeoutSeconds;
        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var s)
            || !double.IsFinite(s) || s < 0 || s > MaxTimeoutSeconds)
            throw new UserError($"--timeout {text}: must be a number of seconds from 0 to {MaxTimeoutSeconds:0} (0 = no limit)");
        return s;
    }

    /// <summary>How to start this tool again: the dotnet host and musicgen.dll.</summary>
    internal static IReadOnlyList<string> SelfCommand()
    {
        var argv = MusicGen.Notebooks.Kernel.KernelSpec.DefaultArgv(typeof(NotebooksCommand).Assembly.Location);
        return [argv[0], argv[1]];
    }

    /// <summary>The repository holding the notebooks (the nearest folder up with the solution file
    /// or .git), else the current folder: out/ goes there.</summary>
    internal static string OutputRoot(IReadOnlyList<string> files)
    {
        var start = files.Count > 0 ? Path.GetDirectoryName(Path.GetFullPath(files[0])) : null;
        for (var dir = start is null ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MusicGen.Notebooks.sln")) || Directory.Exists(Path.Combine(dir.FullName, ".git")) || File.Exists(Path.Combine(dir.FullName, ".git")))
                return dir.FullName;
        return Environment.CurrentDirectory;
    }

    private static void CheckOutput(string path)
    {
        try
        {
            NotebookRunner.CheckOutput(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserError(e.Message.ReplaceLineEndings(" "));
        }
    }

    /// <summary>A path relative to the current folder when it is inside it.</summary>
    private static string Shown(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }

    private static Command CreateExport()
    {
        var file = new Argument<string>("FILE") { Description = "The notebook (.ipynb) to export." };
        var html = new Option<string>("--html") { Description = "Write a standalone HTML page to OUT.", Required = true };
        var cmd = new Command("export", "Export a notebook as static HTML: rendered markdown, highlighted code and its saved outputs.") { file, html };
        cmd.SetAction(parse =>
        {
            var input = parse.GetValue(file)!;
            if (!File.Exists(input)) throw new UserError($"{input}: no such notebook");
            var output = parse.GetValue(html)!;
            try
            {
                NotebookHtmlExporter.ExportFile(input, output);
            }
            catch (NotebookFormatException e)
            {
                throw new UserError(e.Message);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UserError($"{output}: cannot write ({e.Message})");
            }
            parse.InvocationConfiguration.Error.WriteLine($"wrote {output}");
            return 0;
        });
        return cmd;
    }

    /// <summary>Files as given; folders become their *.ipynb files sorted by name (ordinal).</summary>
    internal static List<string> ExpandPaths(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var p in paths)
        {
            if (Directory.Exists(p))
            {
                var found = Directory.GetFiles(p, "*.ipynb").Where(f => !Path.GetFileName(f).StartsWith('.'))
                    .Order(StringComparer.Ordinal).ToList();
                if (found.Count == 0) throw new UserError($"{p}: no .ipynb notebooks in this folder");
                files.AddRange(found);
            }
            else if (File.Exists(p))
            {
                if (!p.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase)) throw new UserError($"{p}: not a notebook (.ipynb)");
                files.Add(p);
            }
            else
            {
                throw new UserError($"{p}: no such notebook or folder");
            }
        }
        return files;
    }

    private static Dictionary<string, object?> ParseParameters(IEnumerable<string> items)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            int eq = item.IndexOf('=');
            var name = eq > 0 ? item[..eq].Trim() : "";
            if (!Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsValidIdentifier(name))
                throw new UserError($"--parameter {item}: expected NAME=VALUE with a C# identifier as NAME");
            result[name] = ParameterInjection.Parse(item[(eq + 1)..]);
        }
        return result;
    }

    private static Dictionary<string, object?> Summary(NotebookRunResult r) => new()
    {
        ["notebook"] = r.NotebookPath,
        ["output"] = r.OutputPath,
        ["succeeded"] = r.Succeeded,
        ["cells"] = r.CellsRun,
        ["seconds"] = Math.Round(r.Elapsed.TotalSeconds, 2),
        ["failedCell"] = r.FailedCellNumber,
        ["error"] = r.Succeeded ? null : $"{r.ErrorName}: {r.ErrorValue}",
        ["line"] = r.ErrorLine,
    };
}
