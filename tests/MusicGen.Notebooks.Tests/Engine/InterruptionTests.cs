using System.Diagnostics;
using MusicGen.Notebooks.Execution;
using MusicGen.Runtime;

namespace MusicGen.Notebooks.Tests.Engine;

/// <summary>
/// Interrupting cells that never look at a token (issue 10): the rewritten loops and method bodies stop,
/// the error is <c>OperationCanceledException: Interrupted</c>, earlier state stays, and line numbers are the
/// cell's own. Each test gets its own session, and the interrupt comes from another thread, as in the kernel.
/// </summary>
public sealed class InterruptionTests
{
    /// <summary>Runs <paramref name="code"/> and cancels it <paramref name="after"/> the cell has started running
    /// (compiling the first cell takes seconds on a busy machine, and is not what these tests are about); returns the
    /// result and how long the cell ran after the cancel. The cell gets <c>Console.Write("go"); </c> in front of its
    /// first line, which changes no line number.</summary>
    private static async Task<(CellResult Result, RecordingSink Sink, TimeSpan StopTime)> Interrupt(
        ScriptSession session, string code, TimeSpan? after = null, string? waitForOutput = null)
    {
        var sink = new RecordingSink();
        using var cts = new CancellationTokenSource();
        var started = new TaskCompletionSource();
        // A thread of its own: a cell that never awaits must not hold the test's thread.
        code = code.StartsWith("#r", StringComparison.Ordinal) ? code.Replace("\n", "\nConsole.Write(\"go\"); ") : "Console.Write(\"go\"); " + code;
        waitForOutput ??= "go";
        var run = Task.Factory.StartNew(() => session.ExecuteAsync(code, sink, cts.Token), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (!run.IsCompleted && !sink.StreamText("stdout").Contains(waitForOutput, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
                await Task.Delay(20);
        }
        await Task.WhenAny(run, Task.Delay(after ?? TimeSpan.FromMilliseconds(700)));
        Assert.False(run.IsCompleted, "the cell ended before it was interrupted: " + string.Join(" | ", sink.Events.Select(e => e.Text)));
        var clock = Stopwatch.StartNew();
        cts.Cancel();
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.True(finished == run, "the cell did not stop within 30 s of the interrupt");
        return (await run, sink, clock.Elapsed);
    }

    private static void AssertInterrupted(CellResult result, RecordingSink sink, TimeSpan stopTime)
    {
        Assert.False(result.Succeeded);
        Assert.Equal("OperationCanceledException", result.ErrorName);
        Assert.Equal("Interrupted", result.ErrorValue);
        var error = Assert.Single(sink.Events, e => e.Kind == "error");
        Assert.Equal("OperationCanceledException", error.Name);
        Assert.Equal("OperationCanceledException: Interrupted", error.Traceback![0]);
        // Generous: the check runs every iteration, so the real figure is microseconds; CI machines are busy.
        Assert.True(stopTime < TimeSpan.FromSeconds(5), $"stopped {stopTime.TotalMilliseconds:0} ms after the interrupt");
    }

    [Theory]
    [InlineData("while (true) {}")]
    [InlineData("long x = 0;\nfor (;;) x++;")]
    [InlineData("int i = 0;\ndo i = (i + 1) % 7; while (i >= 0);")]
    [InlineData("var n = 0;\nagain: n++;\ngoto again;")]
    [InlineData("foreach (var k in Enumerable.Repeat(1, int.MaxValue).Select(v => v + 1)) { }\nwhile (true) { }")]
    [InlineData("long Fib(int n) => n < 2 ? n : Fib(n - 1) + Fib(n - 2);\nFib(90)")]
    [InlineData("Enumerable.Range(0, int.MaxValue).Select(i => (long)i * i).Select(i => i % 3).Sum()\n + Enumerable.Range(0, int.MaxValue).Sum(i => (long)i)")]
    [InlineData("class Spinner { public int Spin() { int s = 0; while (s >= 0) s = (s + 1) % 100; return s; } }\nnew Spinner().Spin()")]
    [InlineData("System.Threading.Tasks.Parallel.For(0, 4, i => { while (true) { } });")]
    [InlineData("try { while (true) { } } catch (Exception) { }\nwhile (true) { }")]
    public async Task A_cell_that_never_checks_a_token_stops_when_interrupted(string code)
    {
        var session = new ScriptSession();
        var (result, sink, stopTime) = await Interrupt(session, code);
        AssertInterrupted(result, sink, stopTime);
    }

    [Fact]
    public async Task State_from_before_stays_and_the_next_cell_runs_at_once()
    {
        var session = new ScriptSession();
        var sink = new RecordingSink();
        Assert.True((await session.ExecuteAsync("var kept = 41;", sink)).Succeeded);
        var (result, s, stopTime) = await Interrupt(session, "kept++;\nwhile (true) { }");
        AssertInterrupted(result, s, stopTime);
        var next = new RecordingSink();
        var r = await session.ExecuteAsync("kept + 1", next);
        Assert.True(r.Succeeded, r.ErrorValue);
        Assert.Equal("43", Assert.Single(next.Bundles("result"))["text/plain"]);
        Assert.False(Interruption.Pending && Interruption.IsRequested);
    }

    [Fact]
    public async Task The_traceback_names_the_line_the_loop_was_on()
    {
        var session = new ScriptSession();
        var (result, sink, stopTime) = await Interrupt(session, "// a comment\nint Spin(int k)\n{\n    while (k >= 0)\n        k = (k + 1) % 5;\n    return k;\n}\nSpin(1)");
        AssertInterrupted(result, sink, stopTime);
        Assert.Contains(result.Traceback, line => line.Contains("Spin(Int32 k) in cell 1, line 5", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Errors_after_a_rewritten_loop_keep_their_line_and_column()
    {
        var session = new ScriptSession();
        var sink = new RecordingSink();
        var compile = await session.ExecuteAsync("for (int i = 0; i < 2; i++) { }\nwhile (false) undefinedName++;\nint x = \"s\";", sink);
        Assert.False(compile.Succeeded);
        // Both errors, in line order, with the columns of the text the user wrote.
        Assert.Equal(["(2,15): error CS0103: The name 'undefinedName' does not exist in the current context",
                      "(3,9): error CS0029: Cannot implicitly convert type 'string' to 'int'"], compile.Traceback);
        var thrown = await session.ExecuteAsync("int Div(int a)\n  => 10 / a;\nfor (int i = 1; i >= 0; i--)\n{\n    Div(i);\n}", sink);
        Assert.Equal("DivideByZeroException", thrown.ErrorName);
        Assert.Contains(thrown.Traceback, l => l.Contains("Div(Int32 a) in cell 2, line 2", StringComparison.Ordinal));
        Assert.Contains(thrown.Traceback, l => l.Contains("in cell 2, line 5", StringComparison.Ordinal));
    }

    [Fact]
    public void The_rewrite_adds_checks_without_adding_lines()
    {
        const string code = "int F(int n) => n;\nvoid G() => Console.WriteLine();\nwhile (true)\n    F(1);\nfor (;;) { }\nvar f = () => { };\n";
        var rewritten = InterruptionRewriter.Rewrite(code);
        Assert.Equal(code.Count(c => c == '\n'), rewritten.Count(c => c == '\n'));
        Assert.Equal(5, CountChecks(rewritten));
        Assert.Contains("int F(int n) { if(global::MusicGen.Runtime.Interruption.Pending)global::MusicGen.Runtime.Interruption.ThrowIfRequested();return n;}", rewritten);
        // Syntax errors: left alone, so the compiler reports them on the user's text.
        Assert.Equal("while (true) {", InterruptionRewriter.Rewrite("while (true) {"));
    }

    [Fact]
    public async Task Expression_lambdas_get_checks_only_when_they_are_delegates()
    {
        var session = new ScriptSession();
        var sink = new RecordingSink();
        // An expression tree must stay one (a check inside would not compile), and void/async lambdas stay statements.
        var r = await session.ExecuteAsync(
            "System.Linq.Expressions.Expression<Func<int, int>> e = x => x + 1;\nAction<int> a = x => Console.Write(x);\n" +
            "Func<Task> t = async () => await Task.Delay(1);\nawait t();\na(e.Compile()(1));\nnew[] { 1, 2 }.Select(x => x * 3).Sum()", sink);
        Assert.True(r.Succeeded, r.ErrorValue);
        Assert.Equal("2", sink.StreamText("stdout"));
        Assert.Equal("9", Assert.Single(sink.Bundles("result"))["text/plain"]);
    }

    [Fact]
    public async Task A_runner_timeout_token_also_stops_the_cell()
    {
        // What `notebooks run --timeout` does: a token that cancels itself after the limit.
        var session = new ScriptSession();
        using var cts = new CancellationTokenSource();
        var sink = new RecordingSink();
        var run = Task.Factory.StartNew(() => session.ExecuteAsync("Console.Write(\"go\");\nvar z = 0;\nwhile (true) z++;", sink, cts.Token),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        while (!run.IsCompleted && sink.StreamText("stdout") != "go") await Task.Delay(20);
        cts.CancelAfter(TimeSpan.FromMilliseconds(300)); // the runner's per-cell timer, armed once the cell runs
        Assert.True(await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30))) == run, "the timed-out cell kept running");
        Assert.Equal("Interrupted", (await run).ErrorValue);
    }

    [Fact]
    public async Task Library_work_observes_the_cells_cancellation_without_a_token()
    {
        var session = new ScriptSession();
        // A stand-in for Trainer.Fit: library code that only calls Interruption.ThrowIfRequested.
        var (result, sink, stopTime) = await Interrupt(session,
            $"#r \"{typeof(LibraryLoop).Assembly.Location}\"\nMusicGen.Notebooks.Tests.Engine.LibraryLoop.Run()");
        AssertInterrupted(result, sink, stopTime);
    }

    [Fact]
    public async Task Trainer_Fit_stops_at_the_next_batch_when_the_cell_is_interrupted()
    {
        var session = new ScriptSession();
        const string code = """
            var preset = Presets.Get("melody-resnet-lstm").UseTiny();
            var corpus = preset.Encode(SampleSongs.All().Select(s => s.Song).ToList());
            var model = preset.CreateModel();
            var trainer = new Trainer(model, preset.CreateOptimizer(model), new TrainerOptions { Epochs = 100000, BatchSize = preset.Options.BatchSize });
            Console.WriteLine("training");
            trainer.Fit(preset.CreateTask(corpus));
            """;
        var (result, sink, stopTime) = await Interrupt(session, code, TimeSpan.FromMilliseconds(500), waitForOutput: "training");
        AssertInterrupted(result, sink, stopTime);
        // It stopped inside the library, which no rewriting touched: the ambient check in Fit did it.
        Assert.Contains(result.Traceback, l => l.Contains("Trainer.Fit", StringComparison.Ordinal));
        Assert.Contains(result.Traceback, l => l.Contains("in cell 1, line 6", StringComparison.Ordinal));
    }

    private static int CountChecks(string code) =>
        (code.Length - code.Replace("ThrowIfRequested", "").Length) / "ThrowIfRequested".Length;
}
