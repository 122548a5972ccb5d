using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using MusicGen.Notebooks.Execution;
using MusicGen.Notebooks.Ipynb;

namespace MusicGen.Notebooks.Running;

/// <summary>
/// Runs a notebook from top to bottom in one <see cref="ScriptSession"/>, as nbclient and
/// papermill do: old outputs are cleared, each code cell's outputs and execution count are
/// recorded, the run stops at the first failing cell (later cells are left without outputs),
/// and the whole notebook is saved atomically even after a failure. The working directory during
/// the run is the notebook's folder, so relative paths in cells mean the same as in an editor.
/// </summary>
public static partial class NotebookRunner
{
    // The working directory is per process: runs in one process take turns.
    private static readonly SemaphoreSlim s_directoryGate = new(1, 1);

    public static async Task<NotebookRunResult> RunAsync(string path, NotebookRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new NotebookRunOptions();
        var (notebook, notebookPath, outputPath) = Open(path, options);
        var recorder = new NotebookOutputRecorder();
        NotebookRunResult result;
        try
        {
            result = await ExecuteCellsAsync(notebook, notebookPath, outputPath, options.CellTimeout,
                new RecordingCellEvents(recorder, options.Progress), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            recorder.Close();
            notebook.Save(outputPath);
        }
        // A failure is reported by the caller (the CLI names it once, at the end).
        if (result.Succeeded) options.Progress?.WriteLine(result.Describe());
        return result;
    }

    /// <summary>Reads the notebook, refuses an output that cannot be written (a read-only file, a
    /// folder) before anything runs, injects the parameters and clears old outputs.</summary>
    internal static (Notebook Notebook, string NotebookPath, string OutputPath) Open(string path, NotebookRunOptions options)
    {
        var notebookPath = Path.GetFullPath(path);
        var outputPath = Path.GetFullPath(options.OutputPath ?? notebookPath);
        var notebook = Notebook.Read(notebookPath);
        CheckOutput(outputPath);
        var name = Path.GetFileName(notebookPath);
        if (!ParameterInjection.Apply(notebook, options.EffectiveParameters()))
            options.Progress?.WriteLine($"{name}: no cell tagged 'parameters'; overrides ({string.Join(", ", options.EffectiveParameters().Select(p => p.Key))}) not applied");
        notebook.SetCSharpMetadata();
        foreach (var cell in notebook.Cells.Where(c => c.IsCode))
        {
            cell.Outputs.Clear();
            cell.ExecutionCount = null;
        }
        return (notebook, notebookPath, outputPath);
    }

    /// <summary>Throws (one line naming the file) when <paramref name="outputPath"/> cannot be replaced;
    /// a folder that does not exist yet is fine (saving creates it).</summary>
    public static void CheckOutput(string outputPath)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        if (dir is null || Directory.Exists(dir)) MusicGen.IO.AtomicFile.CheckWritable(outputPath);
    }

    /// <summary>The cell loop shared by in-process and child-process runs: runs the code cells in
    /// order in one session, in the notebook's folder, and stops at the first failing cell.</summary>
    internal static async Task<NotebookRunResult> ExecuteCellsAsync(Notebook notebook, string notebookPath, string outputPath,
        TimeSpan? cellTimeout, ICellEvents events, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(notebookPath);
        var clock = Stopwatch.StartNew();
        var codeCells = notebook.Cells.Where(c => c.IsCode).ToList();
        int ran = 0;
        NotebookRunResult? failure = null;
        await s_directoryGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var previousDirectory = Environment.CurrentDirectory;
        try
        {
            var folder = Path.GetDirectoryName(notebookPath)!;
            Environment.CurrentDirectory = folder;
            var session = new ScriptSession(folder);
            for (int k = 0; k < codeCells.Count; k++)
            {
                var cell = codeCells[k];
                // nbclient skips blank cells: they get no count and no outputs.
                if (string.IsNullOrWhiteSpace(cell.Source)) continue;
                var cellClock = Stopwatch.StartNew();
                int index = notebook.Cells.IndexOf(cell);
                events.BeginCell(notebook, index, session.ExecutionCount + 1);
                var outcome = await RunCellAsync(session, cell, events, cellTimeout, cancellationToken).ConfigureAwait(false);
                ran++;
                int? line = outcome.Succeeded ? null : ErrorLine(outcome);
                events.EndCell(index, outcome.ExecutionCount, outcome.Succeeded, outcome.ErrorName, outcome.ErrorValue, line, cellClock.Elapsed.TotalSeconds);
                var seconds = cellClock.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
                events.Progress($"{name}: cell {index + 1} [{k + 1}/{codeCells.Count}] {(outcome.Succeeded ? "ok" : "FAILED")} {seconds} s");
                if (outcome.Succeeded) continue;
                failure = new NotebookRunResult
                {
                    NotebookPath = notebookPath, OutputPath = outputPath, Succeeded = false, CellsRun = ran, CodeCells = codeCells.Count,
                    FailedCellNumber = index + 1, FailedCellId = cell.Id,
                    ErrorName = outcome.ErrorName, ErrorValue = outcome.ErrorValue, ErrorLine = line,
                    Elapsed = clock.Elapsed,
                };
                break;
            }
        }
        finally
        {
            Environment.CurrentDirectory = previousDirectory;
            s_directoryGate.Release();
        }
        return failure ?? new NotebookRunResult
        {
            NotebookPath = notebookPath, OutputPath = outputPath, Succeeded = true, CellsRun = ran, CodeCells = codeCells.Count,
            Elapsed = clock.Elapsed,
        };
    }

    private static async Task<CellResult> RunCellAsync(ScriptSession session, NotebookCell cell, ICellEvents recorder,
        TimeSpan? timeout, CancellationToken cancellationToken)
    {
        using var cellCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is null) return await session.ExecuteAsync(cell.Source, recorder, cellCancellation.Token).ConfigureAwait(false);
        // A script runs synchronously until its first await (a busy loop never yields), so it is
        // started on the pool: otherwise the timeout below would never be reached.
        var run = Task.Run(() => session.ExecuteAsync(cell.Source, recorder, cellCancellation.Token), CancellationToken.None);
        var finished = await Task.WhenAny(run, Task.Delay(timeout.Value, cancellationToken)).ConfigureAwait(false);
        if (finished == run) return await run.ConfigureAwait(false);
        // The script cannot be aborted; signal it, stop listening to it and fail the cell.
        await cellCancellation.CancelAsync().ConfigureAwait(false);
        var message = $"The cell ran longer than {timeout.Value.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.";
        recorder.Error(nameof(TimeoutException), message, [$"System.TimeoutException: {message}"]);
        // Later output of the abandoned cell must not land in the notebook.
        recorder.StopRecording();
        return new CellResult
        {
            ExecutionCount = session.ExecutionCount, Succeeded = false, ErrorName = nameof(TimeoutException), ErrorValue = message,
        };
    }

    private static int? ErrorLine(CellResult result)
    {
        var text = result.ErrorValue ?? "";
        var compile = CompileLocation().Match(text);
        if (compile.Success) return int.Parse(compile.Groups[1].Value, CultureInfo.InvariantCulture);
        foreach (var line in result.Traceback)
        {
            var m = FrameLocation().Match(line);
            if (m.Success) return int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        return null;
    }

    [GeneratedRegex(@"^\((\d+),\d+\): error")]
    private static partial Regex CompileLocation();

    [GeneratedRegex(@" in cell \d+, line (\d+)")]
    private static partial Regex FrameLocation();
}
