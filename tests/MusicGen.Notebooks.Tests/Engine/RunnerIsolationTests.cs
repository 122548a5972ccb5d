using MusicGen.Cli;
using MusicGen.Notebooks.Ipynb;

namespace MusicGen.Notebooks.Tests.Engine;

/// <summary>
/// Issue 14's runner repros through the real command (each notebook runs in a child process of
/// musicgen.dll): Environment.Exit, a stack overflow and a crashing background thread end only their
/// notebook with one line naming the cell, the outputs before it are saved, and the next notebook
/// runs; read-only outputs are refused before anything runs; symlinks are written through.
/// </summary>
[Collection(RunnerCollection.Name)]
public sealed class RunnerIsolationTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = Program.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    private static string Save(string dir, string name, params string[] cells)
    {
        var nb = Notebook.Create();
        for (int i = 0; i < cells.Length; i++) nb.Cells.Add(NotebookCell.Code(cells[i], $"c{i}"));
        var path = Path.Combine(dir, name);
        nb.Save(path);
        return path;
    }

    private static string[] Failures(string stderr) =>
        stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("musicgen: /", StringComparison.Ordinal)).ToArray();

    [Fact]
    public void Exit_overflow_and_background_crash_end_only_their_notebook()
    {
        var dir = FixturePaths.NewTempFolder();
        Save(dir, "01-exit.ipynb", "Console.WriteLine(\"before\");", "Console.WriteLine(\"bye\"); Environment.Exit(0);", "Console.WriteLine(\"never\");");
        Save(dir, "02-overflow.ipynb", "Console.WriteLine(\"hi\");", "int F(int n) => F(n + 1) + 1;\nF(0)");
        Save(dir, "03-thread.ipynb", "var t = new System.Threading.Thread(() => throw new InvalidOperationException(\"bg boom\"));\nt.Start(); t.Join();");
        Save(dir, "04-fine.ipynb", "for (int i = 0; i < 40000; i++) Console.WriteLine(i);", "6 * 7");
        var outDir = Path.Combine(dir, "executed");

        var (exit, _, stderr) = Run("notebooks", "run", dir, "--out", outDir, "--timeout", "300");

        Assert.Equal(1, exit);
        var failures = Failures(stderr);
        Assert.Equal(3, failures.Length);
        Assert.Contains("01-exit.ipynb: cell 2 (id c1) failed: ProcessExited: The notebook's process exited during the cell (exit code 0)", failures[0]);
        Assert.Contains("02-overflow.ipynb: cell 2 (id c1) failed: StackOverflowException: Stack overflow", failures[1]);
        Assert.Contains("03-thread.ipynb: cell 1 (id c0) failed: InvalidOperationException: bg boom (unhandled on a background thread", failures[2]);
        Assert.DoesNotContain("   at ", stderr);
        Assert.EndsWith($"musicgen: executed notebooks in {outDir}", stderr.TrimEnd());

        var exited = Notebook.Read(Path.Combine(outDir, "01-exit.ipynb"));
        Assert.Equal("before\n", exited.Cells[0].Outputs.Single().Text);
        Assert.Equal(1, exited.Cells[0].ExecutionCount);
        Assert.Equal("bye\n", exited.Cells[1].Outputs[0].Text); // printed before the exit: kept
        Assert.Equal(NotebookOutput.ErrorType, exited.Cells[1].Outputs[1].OutputType);
        Assert.Empty(exited.Cells[2].Outputs);
        var overflow = Notebook.Read(Path.Combine(outDir, "02-overflow.ipynb"));
        Assert.Equal("hi\n", overflow.Cells[0].Outputs.Single().Text);
        Assert.Equal("StackOverflowException", overflow.Cells[1].Outputs.Single().EName);

        // The notebook after them still ran, and its 40,000 lines arrived whole and in order.
        var fine = Notebook.Read(Path.Combine(outDir, "04-fine.ipynb"));
        Assert.Equal(string.Concat(Enumerable.Range(0, 40000).Select(i => i + "\n")), fine.Cells[0].Outputs.Single().Text);
        Assert.Equal("42", fine.Cells[1].Outputs.Single().Data!["text/plain"]);
    }

    [Fact]
    public void A_cell_that_ignores_cancellation_is_stopped_by_the_timeout_and_the_run_goes_on()
    {
        var dir = FixturePaths.NewTempFolder();
        Save(dir, "01-loop.ipynb", "Console.WriteLine(\"start\");", "while (true) { }");
        Save(dir, "02-after.ipynb", "1 + 1");
        var outDir = Path.Combine(dir, "executed");
        var (exit, _, stderr) = Run("notebooks", "run", dir, "--out", outDir, "--timeout", "20");
        Assert.Equal(1, exit);
        Assert.Contains("01-loop.ipynb: cell 2 (id c1) failed: TimeoutException: The cell ran longer than 20 s", Failures(stderr).Single());
        Assert.Equal("2", Notebook.Read(Path.Combine(outDir, "02-after.ipynb")).Cells[0].Outputs.Single().Data!["text/plain"]);
    }

    [Fact]
    public void Timeout_values_are_validated_in_one_line()
    {
        foreach (var bad in new[] { "NaN", "-1", "1e300", "soon" })
        {
            var (exit, _, stderr) = Run("notebooks", "run", FixturePaths.EngineSample, "--timeout", bad);
            Assert.Equal(2, exit);
            Assert.Equal($"musicgen: --timeout {bad}: must be a number of seconds from 0 to 2592000 (0 = no limit)", stderr.Trim());
        }
    }

    [Fact]
    public void By_default_copies_go_to_out_at_the_repository_root_and_the_notebooks_are_untouched()
    {
        var repo = FixturePaths.NewTempFolder();
        Directory.CreateDirectory(Path.Combine(repo, ".git"));
        var notebooks = Directory.CreateDirectory(Path.Combine(repo, "notebooks")).FullName;
        var path = Save(notebooks, "01-a.ipynb", "Console.WriteLine(\"ran\");");
        var before = File.ReadAllBytes(path);

        var (exit, _, stderr) = Run("notebooks", "run", notebooks, "--html");

        Assert.True(exit == 0, stderr);
        Assert.Equal(before, File.ReadAllBytes(path));
        var copy = Path.Combine(repo, "out", "notebooks", "01-a.ipynb");
        Assert.Equal("ran\n", Notebook.Read(copy).Cells[0].Outputs.Single().Text);
        Assert.True(File.Exists(Path.Combine(repo, "out", "html", "index.html")));
        Assert.EndsWith($"musicgen: executed notebooks in {Path.Combine(repo, "out", "notebooks")}; HTML in {Path.Combine(repo, "out", "html", "index.html")}", stderr.TrimEnd());

        // --in-place is the maintainers' explicit refresh.
        (exit, _, stderr) = Run("notebooks", "run", path, "--in-place");
        Assert.True(exit == 0, stderr);
        Assert.Equal("ran\n", Notebook.Read(path).Cells[0].Outputs.Single().Text);
        Assert.EndsWith("musicgen: executed notebooks saved in place", stderr.TrimEnd());
        (exit, _, stderr) = Run("notebooks", "run", path, "--in-place", "--out", repo);
        Assert.Equal(2, exit);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_read_only_notebook_is_refused_before_anything_runs_and_a_symlink_is_written_through()
    {
        var dir = FixturePaths.NewTempFolder();
        var marker = Path.Combine(dir, "ran.txt");
        var first = Save(dir, "01-first.ipynb", $"System.IO.File.WriteAllText(@\"{marker}\", \"x\");");
        var locked = Save(dir, "02-locked.ipynb", "1");
        var readOnly = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(locked, readOnly);
        var before = File.ReadAllBytes(locked);

        var (exit, _, stderr) = Run("notebooks", "run", first, locked, "--in-place");

        Assert.Equal(2, exit);
        Assert.Equal($"musicgen: {locked}: the file is read-only; not overwritten.", stderr.Trim());
        Assert.False(File.Exists(marker)); // nothing ran
        Assert.Equal(before, File.ReadAllBytes(locked));
        Assert.Equal(readOnly, File.GetUnixFileMode(locked));

        // A notebook that is a symlink: the target gets the outputs and keeps its mode; the link stays.
        var real = Directory.CreateDirectory(Path.Combine(dir, "real")).FullName;
        var target = Save(real, "target.ipynb", "Console.WriteLine(\"through\");");
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        File.SetUnixFileMode(target, mode);
        var link = Path.Combine(dir, "link.ipynb");
        File.CreateSymbolicLink(link, target);
        (exit, _, stderr) = Run("notebooks", "run", link, "--in-place");
        Assert.True(exit == 0, stderr);
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal("through\n", Notebook.Read(target).Cells[0].Outputs.Single().Text);
        Assert.Equal(mode, File.GetUnixFileMode(target));

        // A stale temporary file of a killed save is removed by the next save.
        var stale = Path.Combine(real, $".target.ipynb.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(stale, "{");
        (exit, _, stderr) = Run("notebooks", "run", link, "--in-place");
        Assert.True(exit == 0, stderr);
        Assert.False(File.Exists(stale));
        File.SetUnixFileMode(locked, mode);
    }
}
