using System.Globalization;

namespace MusicGen.Notebooks.Running;

/// <summary>The outcome of <see cref="NotebookRunner.RunAsync"/>.</summary>
public sealed class NotebookRunResult
{
    public required string NotebookPath { get; init; }

    /// <summary>Where the executed notebook was saved.</summary>
    public required string OutputPath { get; init; }

    public required bool Succeeded { get; init; }

    /// <summary>Code cells that ran (including a failing one).</summary>
    public int CellsRun { get; init; }

    public int CodeCells { get; init; }

    /// <summary>1-based position of the failing cell among all cells, as an editor numbers them.</summary>
    public int? FailedCellNumber { get; init; }

    public string? FailedCellId { get; init; }

    public string? ErrorName { get; init; }

    public string? ErrorValue { get; init; }

    /// <summary>Line within the failing cell, when known.</summary>
    public int? ErrorLine { get; init; }

    public TimeSpan Elapsed { get; init; }

    /// <summary>Training runs the notebook started that did not come from the weight cache (child-process runs only;
    /// after <c>musicgen notebooks prepare</c> a full run should have none).</summary>
    public int Trainings { get; init; }

    /// <summary>One line naming the notebook, the cell and the error, for a failed run.</summary>
    public string Describe()
    {
        if (Succeeded)
            return $"{NotebookPath}: {CellsRun} cells ran in {Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s" +
                   (Trainings > 0 ? $"; {Trainings} training run{(Trainings == 1 ? "" : "s")} not from the weight cache" : "");
        if (FailedCellNumber is null) return $"{NotebookPath}: failed: {ErrorName}: {ErrorValue?.ReplaceLineEndings(" ")}";
        var id = FailedCellId is null ? "" : $" (id {FailedCellId})";
        var line = ErrorLine is null ? "" : $", line {ErrorLine}";
        return $"{NotebookPath}: cell {FailedCellNumber}{id}{line} failed: {ErrorName}: {ErrorValue?.ReplaceLineEndings(" ")}";
    }
}
