using MusicGen.Notebooks.Display;
using MusicGen.Notebooks.Ipynb;

namespace MusicGen.Notebooks.Running;

/// <summary>Records a run's events into the notebook being run (in-process runs).</summary>
internal sealed class RecordingCellEvents(NotebookOutputRecorder recorder, TextWriter? progress) : ICellEvents
{
    private Notebook? _notebook;

    public void BeginCell(Notebook notebook, int cellIndex, int executionCount)
    {
        _notebook = notebook;
        recorder.BeginCell(notebook.Cells[cellIndex], executionCount);
    }

    public void EndCell(int cellIndex, int executionCount, bool succeeded, string? errorName, string? errorValue, int? errorLine, double seconds)
    {
        if (_notebook is not null) _notebook.Cells[cellIndex].ExecutionCount = executionCount;
    }

    public void StopRecording() => recorder.Close();

    public void Progress(string line) => progress?.WriteLine(line);

    public void Stream(string name, string text) => recorder.Stream(name, text);

    public void Display(MimeBundle bundle, string? displayId) => recorder.Display(bundle, displayId);

    public void UpdateDisplay(MimeBundle bundle, string displayId) => recorder.UpdateDisplay(bundle, displayId);

    public void Result(MimeBundle bundle) => recorder.Result(bundle);

    public void Error(string ename, string evalue, IReadOnlyList<string> traceback) => recorder.Error(ename, evalue, traceback);
}
