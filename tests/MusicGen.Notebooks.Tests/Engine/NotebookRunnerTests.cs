using System.Text.Json.Nodes;
using MusicGen.Notebooks.Ipynb;
using MusicGen.Notebooks.Running;

namespace MusicGen.Notebooks.Tests.Engine;

[Collection(RunnerCollection.Name)]
public sealed class NotebookRunnerTests
{
    [Fact]
    public async Task A_quick_run_injects_parameters_records_every_output_kind_and_keeps_unknown_fields()
    {
        var dir = FixturePaths.NewTempFolder();
        var path = Path.Combine(dir, "sample.ipynb");
        File.Copy(FixturePaths.EngineSample, path);
        var progress = new StringWriter();

        var result = await NotebookRunner.RunAsync(path, new NotebookRunOptions { Quick = true, Progress = progress });

        Assert.True(result.Succeeded, result.Describe());
        var nb = Notebook.Read(path);
        // The injected cell sits right after the parameters cell; the defaults are untouched.
        Assert.Equal(["md-intro", "params"], nb.Cells.Take(2).Select(c => c.Id));
        var injected = nb.Cells[2];
        Assert.True(injected.HasTag("injected-parameters"));
        Assert.Contains("Quick = true;", injected.Source);
        Assert.Equal("var Quick = false;\nvar Notes = 8;", nb.Cells[1].Source);
        Assert.Equal([1, 2, 3, 4, 5], nb.Cells.Where(c => c.IsCode).Select(c => c.ExecutionCount ?? 0));

        var table = nb.Cells.Single(c => c.Id == "table");
        Assert.Equal("n = 2\n", Assert.Single(table.Outputs, o => o.OutputType == "stream").Text);
        var result3 = Assert.Single(table.Outputs, o => o.OutputType == "execute_result");
        Assert.Equal(3, result3.ExecutionCount);
        Assert.Contains("<th>Index</th><th>Square</th>", result3.Data!["text/html"]);
        Assert.Equal(3, result3.Data!["text/html"].Split("<tr>").Length - 1); // header + 2 rows (Quick)

        // The old output is gone; the SVG shows; the progress display shows its last update only.
        var svg = nb.Cells.Single(c => c.Id == "svg");
        Assert.Equal(2, svg.Outputs.Count);
        Assert.StartsWith("<svg", svg.Outputs[0].Data!["image/svg+xml"]);
        Assert.Equal("epoch 3", svg.Outputs[1].Data!["text/plain"]);

        // JSON MIME data is embedded as an object; a trailing display(...) adds no execute_result.
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        var jsonCell = root["cells"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == "json")!;
        var output = Assert.Single(jsonCell["outputs"]!.AsArray())!;
        Assert.Equal("display_data", output["output_type"]!.GetValue<string>());
        Assert.IsType<JsonObject>(output["data"]!["application/vnd.plotly.v1+json"]);

        // Unknown metadata at every level survives the run.
        Assert.Equal("unknown metadata is kept", root["metadata"]!["musicgen"]!["note"]!.GetValue<string>());
        Assert.True(root["x_top_level"]!["kept"]!.GetValue<bool>());
        Assert.True(root["cells"]![1]!["metadata"]!["custom_cell_meta"]!["keep"]!.GetValue<bool>());
        Assert.Contains("[5/5] ok", progress.ToString());

        // Running again replaces the injected cell instead of adding another.
        var again = await NotebookRunner.RunAsync(path, new NotebookRunOptions { Quick = true });
        Assert.True(again.Succeeded);
        Assert.Single(Notebook.Read(path).Cells, c => c.HasTag("injected-parameters"));
    }

    [Fact]
    public async Task A_run_stops_at_the_first_failing_cell_and_still_saves_the_whole_notebook()
    {
        var dir = FixturePaths.NewTempFolder();
        var path = Path.Combine(dir, "fails.ipynb");
        var nb = Notebook.Create();
        nb.Cells.Add(NotebookCell.Markdown("# Fails", "m"));
        // A dll without a package, referenced relative to the notebook's folder.
        Directory.CreateDirectory(Path.Combine(dir, "lib"));
        var tiny = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("Tiny",
            [Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("namespace Tiny; public static class Answer { public static string Value => \"first\"; }")],
            [Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            new(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary));
        using (var dll = File.Create(Path.Combine(dir, "lib", "Tiny.dll")))
            Assert.True(tiny.Emit(dll).Success);
        nb.Cells.Add(NotebookCell.Code("#r \"lib/Tiny.dll\"\nFile.WriteAllText(\"here.txt\", \"x\");\nConsole.WriteLine(Tiny.Answer.Value);", "a"));
        nb.Cells.Add(NotebookCell.Code("var items = new List<int>();\n\nvar x = items[3];", "b"));
        var last = NotebookCell.Code("Console.WriteLine(\"never\");", "c");
        last.Outputs.Add(NotebookOutput.Stream("stdout", "stale\n"));
        last.ExecutionCount = 9;
        nb.Cells.Add(last);
        nb.Save(path);

        var result = await NotebookRunner.RunAsync(path);

        Assert.False(result.Succeeded);
        Assert.Equal(3, result.FailedCellNumber);
        Assert.Equal("b", result.FailedCellId);
        Assert.Equal("ArgumentOutOfRangeException", result.ErrorName);
        Assert.Equal(3, result.ErrorLine);
        Assert.Contains("fails.ipynb: cell 3 (id b), line 3 failed: ArgumentOutOfRangeException", result.Describe());
        Assert.True(File.Exists(Path.Combine(dir, "here.txt"))); // the working directory was the notebook's folder

        var saved = Notebook.Read(path);
        Assert.Equal("first\n", saved.Cells[1].Outputs.Single().Text);
        var error = saved.Cells[2].Outputs.Single();
        Assert.Equal("error", error.OutputType);
        Assert.Contains(error.Traceback!, l => l.Contains("line 3"));
        Assert.Empty(saved.Cells[3].Outputs);
        Assert.Null(saved.Cells[3].ExecutionCount);
    }

    [Fact]
    public async Task A_compile_error_fails_the_cell_with_its_line_and_output_to_another_path()
    {
        var dir = FixturePaths.NewTempFolder();
        var path = Path.Combine(dir, "compile.ipynb");
        var nb = Notebook.Create();
        nb.Cells.Add(NotebookCell.Code("var ok = 1;\nok +", "a"));
        nb.Save(path);
        var before = File.ReadAllText(path);
        var outPath = Path.Combine(dir, "out", "compile.ipynb");

        var result = await NotebookRunner.RunAsync(path, new NotebookRunOptions { OutputPath = outPath });

        Assert.False(result.Succeeded);
        Assert.Equal("CompilationError", result.ErrorName);
        Assert.Equal(2, result.ErrorLine);
        Assert.Equal(before, File.ReadAllText(path));
        Assert.Equal("CompilationError", Notebook.Read(outPath).Cells[0].Outputs.Single().EName);
    }

    [Fact]
    public async Task A_cell_over_the_time_limit_fails_the_run_and_can_watch_its_cancellation_token()
    {
        var dir = FixturePaths.NewTempFolder();
        var path = Path.Combine(dir, "slow.ipynb");
        var nb = Notebook.Create();
        nb.Cells.Add(NotebookCell.Code("Console.WriteLine(\"start\");\nwhile (!CancellationToken.IsCancellationRequested) Thread.Sleep(10);", "slow"));
        nb.Cells.Add(NotebookCell.Code("1", "after"));
        nb.Save(path);

        var result = await NotebookRunner.RunAsync(path, new NotebookRunOptions { CellTimeout = TimeSpan.FromSeconds(5) }); // room for the first compile on a loaded machine

        Assert.False(result.Succeeded);
        Assert.Equal("TimeoutException", result.ErrorName);
        var saved = Notebook.Read(path);
        Assert.Equal(["stream", "error"], saved.Cells[0].Outputs.Select(o => o.OutputType));
        Assert.Empty(saved.Cells[1].Outputs);
    }
}
