using MusicGen.Notebooks.Display;
using MusicGen.Notebooks.Ipynb;

namespace MusicGen.Notebooks.Running;

/// <summary>
/// What <see cref="NotebookRunner"/>'s cell loop reports: a cell starts (its index among all
/// cells and its execution count), sends outputs (the <see cref="IDisplaySink"/> calls), ends.
/// In-process runs record them into the notebook (<see cref="RecordingCellEvents"/>); a child
/// process streams them to its parent (<see cref="RunEventWriter"/>), which records them.
/// </summary>
internal interface ICellEvents : IDisplaySink
{
    void BeginCell(Notebook notebook, int cellIndex, int executionCount);

    /// <summary>The cell ended; <paramref name="errorLine"/> is the line within the cell, when known.</summary>
    void EndCell(int cellIndex, int executionCount, bool succeeded, string? errorName, string? errorValue, int? errorLine, double seconds);

    /// <summary>Ignores outputs from now on (a timed-out cell may still be running).</summary>
    void StopRecording();

    /// <summary>A progress line (cell i/n, seconds).</summary>
    void Progress(string line);
}
