using MusicGen.Notebooks.Ipynb;
using MusicGen.Notebooks.Tests.Kernel;

namespace MusicGen.Notebooks.Tests.Workbook;

/// <summary>
/// The workbook itself: every notebook in notebooks/ runs in quick mode through
/// <c>musicgen notebooks run</c> (issue 5), the committed notebooks carry their outputs, and the
/// Jupyter kernel driven by the real nbclient produces the same outputs as the engine (issue 6).
/// </summary>
[Collection(WorkbookCollection.Name)]
public sealed class WorkbookTests(WorkbookRun run)
{
    [Fact]
    public void Every_notebook_runs_in_quick_mode_and_shows_figures_and_audio()
    {
        Assert.True(run.ExitCode == 0, $"musicgen notebooks run notebooks --quick failed ({run.ExitCode}):\n{run.Stderr}");
        Assert.NotEmpty(run.Notebooks);
        foreach (var path in run.Notebooks)
        {
            var name = Path.GetFileName(path);
            var executed = Notebook.Read(Path.Combine(run.EngineOutput, name));
            var outputs = executed.Cells.SelectMany(c => c.Outputs).ToList();
            Assert.True(outputs.Any(o => o.Data?.Contains("image/svg+xml") == true), $"{name}: no figure in quick mode");
            Assert.True(outputs.Any(o => o.Data?.TryGet("text/html", out var html) == true && html.Contains("<audio", StringComparison.Ordinal)),
                $"{name}: nothing to listen to in quick mode");
            Assert.True(File.Exists(Path.Combine(run.HtmlFolder, Path.ChangeExtension(name, ".html"))), $"{name}: no HTML export");
        }
        Assert.True(File.Exists(Path.Combine(run.HtmlFolder, "index.html")));
    }

    [Fact]
    public void Committed_notebooks_are_executed_with_outputs_and_metadata_says_CSharp()
    {
        foreach (var path in run.Notebooks)
        {
            var name = Path.GetFileName(path);
            var nb = Notebook.Read(path);
            var code = nb.Cells.Where(c => c.CellType == NotebookCell.CodeType).ToList();
            Assert.True(code.All(c => c.ExecutionCount is not null), $"{name}: a code cell was not executed");
            Assert.True(code.SelectMany(c => c.Outputs).All(o => o.OutputType != NotebookOutput.ErrorType), $"{name}: committed with an error output");
            Assert.True(code.SelectMany(c => c.Outputs).Any(o => o.Data?.Contains("image/svg+xml") == true), $"{name}: committed without figures");
            Assert.Contains(code, c => c.Metadata["tags"]?.AsArray().Any(t => (string?)t == "parameters") == true);
            Assert.Equal("C#", (string?)nb.Metadata["kernelspec"]?["language"]);
        }
    }

    /// <summary>jupyter nbconvert → nbclient → jupyter_client → our kernel on every notebook in
    /// quick mode; the saved outputs must equal the engine's (figures included).</summary>
    [JupyterFact]
    public void The_Jupyter_kernel_gives_the_same_outputs_as_the_engine()
    {
        Assert.True(run.ExitCode == 0, "the engine run failed; see the other test");
        var kernelOut = Path.Combine(run.Folder, "kernel");
        var script = Path.Combine(WorkbookRun.RepositoryRoot(), "tests", "scripts", "kernel", "run_nbclient.sh");
        var (exit, log) = WorkbookRun.RunProcess("bash", [script, "--quick", "--dll", WorkbookRun.MusicgenDll, "--out", kernelOut, .. run.Notebooks], WorkbookRun.Limit);
        Assert.True(exit == 0, $"run_nbclient.sh --quick failed ({exit}):\n{log}");
        var differences = new List<string>();
        foreach (var path in run.Notebooks)
        {
            var name = Path.GetFileName(path);
            var engine = Notebook.Read(Path.Combine(run.EngineOutput, name));
            var kernel = Notebook.Read(Path.Combine(kernelOut, name));
            differences.AddRange(OutputComparison.Differences(engine, kernel).Select(d => $"{name}: {d}"));
        }
        Assert.True(differences.Count == 0, "kernel and engine outputs differ:\n" + string.Join("\n", differences));
    }
}
