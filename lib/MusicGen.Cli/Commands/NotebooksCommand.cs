using System.CommandLine;
using System.Text.Json;
using MusicGen.Notebooks.Export;
using MusicGen.Notebooks.Ipynb;
using MusicGen.Notebooks.Running;

namespace MusicGen.Cli;

/// <summary>
/// <c>musicgen notebooks run PATH... [--quick] [--out DIR] [--html DIR]</c> executes notebooks top to bottom and
/// saves their outputs (exit 1 naming the notebook and cell when a cell fails);
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
        return notebooks;
    }

    private static Command CreateRun()
    {
        var paths = new Argument<string[]>("PATH") { Description = "Notebooks (.ipynb) or folders (every *.ipynb in them, sorted by name).", Arity = ArgumentArity.OneOrMore };
        var quick = new Option<bool>("--quick") { Description = "Set the parameter Quick = true (small data, few epochs): the CI mode." };
        var outDir = new Option<string?>("--out") { Description = "Write executed copies into DIR instead of updating the notebooks in place." };
        var parameters = new Option<string[]>("--parameter", "-p") { Description = "NAME=VALUE assigned after the 'parameters' cell (bool, number or text); repeatable.", AllowMultipleArgumentsPerToken = false };
        var timeout = new Option<double?>("--timeout") { Description = "Fail a cell that runs longer than SECONDS." };
        var json = new Option<bool>("--json") { Description = "Print a JSON summary of every run to stdout." };
        var html = new Option<string?>("--html") { Description = "Also export every executed notebook to DIR/NAME.html, with DIR/index.html linking them." };
        var cmd = new Command("run", "Execute notebooks in order in one C# session each; stop a notebook at its first failing cell and save it whole.")
        {
            paths, quick, outDir, parameters, timeout, json, html,
        };
        cmd.SetAction(parse =>
        {
            var stderr = parse.InvocationConfiguration.Error;
            var files = ExpandPaths(parse.GetValue(paths) ?? []);
            var overrides = ParseParameters(parse.GetValue(parameters) ?? []);
            var outFolder = parse.GetValue(outDir);
            if (outFolder is not null)
            {
                var clash = files.GroupBy(Path.GetFileName).FirstOrDefault(g => g.Count() > 1);
                if (clash is not null) throw new UserError($"--out {outFolder}: two notebooks are named {clash.Key}");
            }
            var seconds = parse.GetValue(timeout);
            if (seconds is <= 0) throw new UserError("--timeout: give a positive number of seconds");

            var results = new List<NotebookRunResult>();
            foreach (var file in files)
            {
                var options = new NotebookRunOptions
                {
                    Quick = parse.GetValue(quick),
                    Parameters = overrides,
                    OutputPath = outFolder is null ? null : Path.Combine(outFolder, Path.GetFileName(file)),
                    CellTimeout = seconds is { } s ? TimeSpan.FromSeconds(s) : null,
                    Progress = stderr,
                };
                try
                {
                    results.Add(NotebookRunner.RunAsync(file, options).GetAwaiter().GetResult());
                }
                catch (NotebookFormatException e)
                {
                    throw new UserError(e.Message);
                }
            }
            if (parse.GetValue(html) is { } htmlFolder)
            {
                try
                {
                    var index = NotebookIndexPage.Write(results, htmlFolder);
                    stderr.WriteLine($"musicgen: HTML export written to {index}");
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
            return failed.Count == 0 ? 0 : 1;
        });
        return cmd;
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
