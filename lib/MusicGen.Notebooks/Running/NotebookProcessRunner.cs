using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MusicGen.Notebooks.Ipynb;

namespace MusicGen.Notebooks.Running;

/// <summary>
/// Runs each notebook in a child process of its own (the CLI's hidden <c>notebooks run-child</c>
/// verb) and keeps the notebook here: the parent prepares it (parameters, cleared outputs), sends
/// it to the child's stdin, records the outputs the child streams back (<see cref="RunEventWriter"/>)
/// and saves. Whatever ends the child — <c>Environment.Exit</c> in a cell, a stack overflow (which
/// .NET cannot catch in-process), an exception on a background thread, a cell that ignores its
/// cancellation past the timeout — ends only that notebook: the cell gets one error naming what
/// happened, the outputs before it are saved, and the caller goes on with the next notebook.
/// </summary>
public static class NotebookProcessRunner
{
    /// <summary>How long a cell may overrun <see cref="NotebookRunOptions.CellTimeout"/> (the child
    /// fails it cooperatively first) before the child is killed.</summary>
    public static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(10);

    /// <param name="childCommand">The program and leading arguments that start this tool, e.g.
    /// <c>["/usr/bin/dotnet", "/path/musicgen.dll"]</c>; <c>notebooks run-child …</c> is appended.</param>
    /// <param name="started">The notebook's child, started earlier by <see cref="Start"/> (with the same
    /// <paramref name="path"/> and options); null starts it now.</param>
    public static async Task<NotebookRunResult> RunAsync(string path, NotebookRunOptions options, IReadOnlyList<string> childCommand,
        CancellationToken cancellationToken = default, StartedChild? started = null)
    {
        var (notebook, notebookPath, outputPath) = NotebookRunner.Open(path, options);
        var name = Path.GetFileName(notebookPath);
        var recorder = new NotebookOutputRecorder();
        var clock = Stopwatch.StartNew();
        var state = new ChildState { NotebookPath = notebookPath, OutputPath = outputPath, Clock = clock };
        int? exitCode = null;
        string? killedFor = null;
        try
        {
            if (started is not null && started.NotebookPath != notebookPath) throw new ArgumentException($"{name}: the started child is for {started.NotebookPath}", nameof(started));
            if (started is not null) started.Used = true;
            using var child = started?.Process ?? StartProcess(notebookPath, options, childCommand);
            var stderrTail = ReadBoundedAsync(child.StandardError);
            // The prepared notebook goes in through stdin; the cells then see an empty stdin.
            var feed = Task.Run(async () =>
            {
                try
                {
                    await child.StandardInput.WriteAsync(notebook.ToJson()).ConfigureAwait(false);
                    child.StandardInput.Close();
                }
                catch (IOException)
                {
                    // The child died before reading it; its exit is reported below.
                }
            }, CancellationToken.None);
            var watchdog = WatchAsync(child, state, options.CellTimeout, cancellationToken);
            string? line;
            while ((line = await child.StandardOutput.ReadLineAsync(CancellationToken.None).ConfigureAwait(false)) is not null)
                Apply(line, notebook, recorder, state, options);
            await feed.ConfigureAwait(false);
            if (!child.WaitForExit(TimeSpan.FromSeconds(state.Done ? 10 : 2)))
            {
                // Done but a foreground thread of a cell keeps it alive: its work is finished.
                child.Kill(entireProcessTree: true);
            }
            await child.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            exitCode = child.ExitCode;
            killedFor = await watchdog.ConfigureAwait(false);
            state.StderrText = await stderrTail.ConfigureAwait(false);
        }
        finally
        {
            if (!state.Done && state.Failure is null && state.CurrentCell is { } cell)
            {
                // The child died inside a cell: the cell gets the one error line, then the notebook is saved.
                var (ename, evalue) = killedFor is not null
                    ? (killedFor == "timeout" ? nameof(TimeoutException) : "Cancelled",
                       killedFor == "timeout"
                           ? $"The cell ran longer than {options.CellTimeout!.Value.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s and did not stop when cancelled; its process was killed."
                           : "The run was cancelled; the notebook's process was killed.")
                    : DescribeCrash(exitCode, state.StderrText);
                recorder.Error(ename, evalue, [$"{ename}: {evalue}"]);
                state.Failure = new NotebookRunResult
                {
                    NotebookPath = notebookPath, OutputPath = outputPath, Succeeded = false, CellsRun = state.CellsRun, CodeCells = state.CodeCells(notebook),
                    FailedCellNumber = cell + 1, FailedCellId = notebook.Cells[cell].Id, ErrorName = ename, ErrorValue = evalue, Elapsed = clock.Elapsed,
                    Trainings = state.Trainings,
                };
            }
            else if (!state.Done && state.Failure is null)
            {
                var (ename, evalue) = DescribeCrash(exitCode, state.StderrText);
                state.Failure = new NotebookRunResult
                {
                    NotebookPath = notebookPath, OutputPath = outputPath, Succeeded = false, CellsRun = state.CellsRun, CodeCells = state.CodeCells(notebook),
                    ErrorName = ename, ErrorValue = evalue, Elapsed = clock.Elapsed, Trainings = state.Trainings,
                };
            }
            recorder.Close();
            notebook.Save(outputPath);
        }
        var result = state.Failure ?? new NotebookRunResult
        {
            NotebookPath = notebookPath, OutputPath = outputPath, Succeeded = true, CellsRun = state.CellsRun, CodeCells = state.CodeCells(notebook),
            Elapsed = clock.Elapsed, Trainings = state.Trainings,
        };
        if (result.Succeeded) options.Progress?.WriteLine(result.Describe());
        return result;
    }

    /// <summary>
    /// Starts the child process of a notebook ahead of <see cref="RunAsync"/>: it loads the runtime and warms up the
    /// C# compiler (<see cref="CompilerWarmup"/>), then waits for its notebook. <c>notebooks run</c> starts the next
    /// notebook's child while the current one runs, so that start-up overlaps with work; each notebook still has a
    /// process of its own. A child that is never run ends when <see cref="StartedChild.Dispose"/> closes its input.
    /// </summary>
    public static StartedChild Start(string path, NotebookRunOptions options, IReadOnlyList<string> childCommand)
    {
        var notebookPath = Path.GetFullPath(path);
        return new StartedChild(notebookPath, StartProcess(notebookPath, options, childCommand));
    }

    private static Process StartProcess(string notebookPath, NotebookRunOptions options, IReadOnlyList<string> childCommand)
    {
        var psi = new ProcessStartInfo(childCommand[0])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            StandardOutputEncoding = RunEventWriter.Utf8, StandardErrorEncoding = RunEventWriter.Utf8, StandardInputEncoding = RunEventWriter.Utf8,
            WorkingDirectory = Path.GetDirectoryName(notebookPath)!,
        };
        foreach (var a in childCommand.Skip(1)) psi.ArgumentList.Add(a);
        foreach (var a in new[] { "notebooks", "run-child", notebookPath }) psi.ArgumentList.Add(a);
        if (options.CellTimeout is { } t) { psi.ArgumentList.Add("--timeout"); psi.ArgumentList.Add(t.TotalSeconds.ToString("R", CultureInfo.InvariantCulture)); }
        return Process.Start(psi) ?? throw new IOException($"{Path.GetFileName(notebookPath)}: cannot start {childCommand[0]}");
    }

    /// <summary>The child's side (<c>notebooks run-child</c>): reads the prepared notebook from
    /// <paramref name="input"/>, runs its cells and streams the events to <paramref name="output"/>.</summary>
    public static async Task<int> ServeAsync(string notebookPath, TextReader input, Stream output, TimeSpan? cellTimeout)
    {
        var full = Path.GetFullPath(notebookPath);
        // The compiler warms up while the notebook is on its way (or, for a child started ahead, while the previous
        // notebook runs); the first cell waits for it rather than competing with it.
        var warmup = Task.Run(() => CompilerWarmup.Run(Path.GetDirectoryName(full)!));
        var text = await input.ReadToEndAsync().ConfigureAwait(false);
        await warmup.ConfigureAwait(false);
        if (text.Length == 0) return 0;   // started ahead but not needed (the run stopped): nothing to do
        var notebook = Notebook.Parse(text, full);
        using var writer = new RunEventWriter(output);
        // Trainings that miss the weight cache are reported to the parent: prepare's progress bar, and the count a
        // run after prepare should find zero.
        void OnTraining(MusicGen.Models.Preset preset, MusicGen.Models.Trainer trainer)
        {
            long last = 0;
            int epochs = trainer.Options.Epochs;
            writer.TrainingStarted(preset.Id, epochs, 1);
            trainer.Progress += p =>
            {
                bool epochEnd = p.Step >= p.StepsPerEpoch;
                if (!epochEnd && Stopwatch.GetElapsedTime(last).TotalMilliseconds < 200) return;
                last = Stopwatch.GetTimestamp();
                long total = Math.Max(1L, (long)p.StepsPerEpoch * p.Epochs);
                writer.TrainingStep(preset.Id, p.Epoch, p.Epochs, (long)p.Epoch * p.StepsPerEpoch + p.Step, total);
            };
        }
        MusicGen.Models.WeightCache.TrainingStarted += OnTraining;
        try
        {
            await NotebookRunner.ExecuteCellsAsync(notebook, full, full, cellTimeout, writer, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            MusicGen.Models.WeightCache.TrainingStarted -= OnTraining;
        }
        writer.Done();
        return 0;
    }

    /// <summary>What the parent knows of the child's progress.</summary>
    private sealed class ChildState
    {
        public readonly object Lock = new();
        public int? CurrentCell;
        public long CellStartedAt;
        public int CellsRun;
        public int Trainings;
        public bool Done;
        public NotebookRunResult? Failure;
        public string StderrText = "";
        public required string NotebookPath;
        public required string OutputPath;
        public required Stopwatch Clock;

        public int CodeCells(Notebook notebook) => notebook.Cells.Count(c => c.IsCode);
    }

    private static void Apply(string line, Notebook notebook, NotebookOutputRecorder recorder, ChildState state, NotebookRunOptions options)
    {
        var progress = options.Progress;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            return; // not ours (e.g. native code writing to fd 1)
        }
        using (doc)
        {
            var e = doc.RootElement;
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("t", out var type)) return;
            switch (type.GetString())
            {
                case "begin":
                {
                    int cell = e.GetProperty("cell").GetInt32();
                    if (cell < 0 || cell >= notebook.Cells.Count) return;
                    recorder.BeginCell(notebook.Cells[cell], e.GetProperty("count").GetInt32());
                    lock (state.Lock)
                    {
                        state.CurrentCell = cell;
                        state.CellStartedAt = Stopwatch.GetTimestamp();
                    }
                    break;
                }
                case "end":
                {
                    int cell = e.GetProperty("cell").GetInt32();
                    if (cell < 0 || cell >= notebook.Cells.Count) return;
                    notebook.Cells[cell].ExecutionCount = e.GetProperty("count").GetInt32();
                    lock (state.Lock)
                    {
                        state.CurrentCell = null;
                        state.CellsRun++;
                    }
                    if (e.GetProperty("ok").GetBoolean()) return;
                    recorder.Close();
                    state.Failure = new NotebookRunResult
                    {
                        NotebookPath = state.NotebookPath, OutputPath = state.OutputPath, Succeeded = false, CellsRun = state.CellsRun,
                        CodeCells = state.CodeCells(notebook), Elapsed = state.Clock.Elapsed,
                        FailedCellNumber = cell + 1, FailedCellId = notebook.Cells[cell].Id,
                        ErrorName = Text(e, "ename"), ErrorValue = Text(e, "evalue"),
                        ErrorLine = e.TryGetProperty("line", out var l) ? l.GetInt32() : null, Trainings = state.Trainings,
                    };
                    break;
                }
                case "done":
                    state.Done = true;
                    break;
                case "progress":
                    progress?.WriteLine(Text(e, "line"));
                    break;
                case "training":
                {
                    var preset = Text(e, "preset") ?? "?";
                    int epochs = e.GetProperty("epochs").GetInt32();
                    int? cell;
                    lock (state.Lock)
                    {
                        state.Trainings++;
                        cell = state.CurrentCell;
                    }
                    var name = Path.GetFileName(state.NotebookPath);
                    progress?.WriteLine($"{name}: cell {(cell ?? -1) + 1}: training {preset} ({epochs} epochs; not in the weight cache)");
                    options.Training?.Invoke(new TrainingReport(name, preset, true, 0, epochs, 0, 1));
                    break;
                }
                case "trainstep":
                    options.Training?.Invoke(new TrainingReport(Path.GetFileName(state.NotebookPath), Text(e, "preset") ?? "?", false,
                        e.GetProperty("epoch").GetInt32(), e.GetProperty("epochs").GetInt32(), e.GetProperty("done").GetInt64(), e.GetProperty("total").GetInt64()));
                    break;
                case "stream":
                    recorder.Stream(Text(e, "name") ?? "stdout", Text(e, "text") ?? "");
                    break;
                case "display":
                    recorder.Display(RunEventWriter.ReadBundle(e.GetProperty("data")), Text(e, "id"));
                    break;
                case "update":
                    recorder.UpdateDisplay(RunEventWriter.ReadBundle(e.GetProperty("data")), Text(e, "id") ?? "");
                    break;
                case "result":
                    recorder.Result(RunEventWriter.ReadBundle(e.GetProperty("data")));
                    break;
                case "error":
                    recorder.Error(Text(e, "ename") ?? "Error", Text(e, "evalue") ?? "",
                        e.TryGetProperty("traceback", out var tb) ? tb.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : []);
                    break;
            }
        }
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>Kills the child when a cell overruns its timeout by <see cref="KillGrace"/> (the
    /// child's own, cooperative timeout did not stop it) or the run is cancelled; returns why, or null.</summary>
    private static async Task<string?> WatchAsync(Process child, ChildState state, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        while (!child.HasExited)
        {
            try
            {
                await child.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromMilliseconds(250), CancellationToken.None).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException)
            {
                Kill(child);
                return "cancelled";
            }
            if (timeout is null) continue;
            bool overrun;
            lock (state.Lock) overrun = state.CurrentCell is not null && Stopwatch.GetElapsedTime(state.CellStartedAt) > timeout.Value + KillGrace;
            if (!overrun) continue;
            Kill(child);
            return "timeout";
        }
        return null;
    }

    private static void Kill(Process child)
    {
        try
        {
            child.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Keeps the first 16 KB of the child's stderr (a stack overflow prints thousands of
    /// frames; only the first lines say what happened) and drains the rest.</summary>
    private static async Task<string> ReadBoundedAsync(StreamReader reader)
    {
        var kept = new StringBuilder();
        var buffer = new char[4096];
        int n;
        while ((n = await reader.ReadAsync(buffer, CancellationToken.None).ConfigureAwait(false)) > 0)
            if (kept.Length < 16384) kept.Append(buffer, 0, Math.Min(n, 16384 - kept.Length));
        return kept.ToString();
    }

    /// <summary>One line for a child that ended without finishing: .NET's own first line for a
    /// crash ("Stack overflow.", "Unhandled exception. System.X: message"), else the exit code.</summary>
    internal static (string Name, string Value) DescribeCrash(int? exitCode, string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var code = exitCode is null ? "" : $" (exit code {exitCode})";
        if (lines.Any(l => l.StartsWith("Stack overflow", StringComparison.Ordinal)))
            return ("StackOverflowException", $"Stack overflow: the notebook's process crashed{code}; it cannot be caught in .NET (unbounded recursion?).");
        var unhandled = lines.FirstOrDefault(l => l.StartsWith("Unhandled exception.", StringComparison.Ordinal));
        if (unhandled is not null)
        {
            var what = unhandled["Unhandled exception.".Length..].Trim();
            int colon = what.IndexOf(": ", StringComparison.Ordinal);
            var type = colon > 0 ? what[..colon] : what;
            var message = colon > 0 ? what[(colon + 2)..] : "";
            var shortType = type.Contains('.') ? type[(type.LastIndexOf('.') + 1)..] : type;
            return (shortType, $"{Clip(message)} (unhandled on a background thread: the notebook's process crashed{code})");
        }
        var terminated = lines.FirstOrDefault(l => l.StartsWith("Process terminated.", StringComparison.Ordinal));
        if (terminated is not null) return ("ProcessTerminated", $"{Clip(terminated)}{code}");
        if (exitCode is 0 or null)
            return ("ProcessExited", $"The notebook's process exited during the cell{code}: Environment.Exit or the like ends a notebook run.");
        return ("ProcessExited", $"The notebook's process ended during the cell{code}{(lines.Length > 0 ? ": " + Clip(lines[0]) : "")}.");
    }

    private static string Clip(string s) => s.Length <= 200 ? s : s[..200] + "…";
}
