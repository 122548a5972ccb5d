using MusicGen.Notebooks.Display;
using MusicGen.Notebooks.Ipynb;

namespace MusicGen.Notebooks.Running;

/// <summary>
/// Records what cells send as .ipynb outputs of the cell being run: consecutive stream text of
/// the same name merges into one output (as Jupyter front ends save it), and a display update
/// replaces the data of every output shown with that display id, in any earlier cell too.
/// </summary>
/// <remarks>Stream text is appended to a <see cref="System.Text.StringBuilder"/> and copied into
/// the output's <see cref="NotebookOutput.Text"/> when another output follows, the cell ends or
/// <see cref="Flush"/> is called, so recording n characters costs O(n), not O(n²) as repeated
/// string concatenation would.</remarks>
internal sealed class NotebookOutputRecorder : IDisplaySink
{
    private readonly object _lock = new();
    private readonly Dictionary<string, List<NotebookOutput>> _displays = [];
    private readonly System.Text.StringBuilder _pending = new();
    private NotebookCell? _cell;
    private NotebookOutput? _pendingOutput;
    private int _executionCount;

    /// <summary>Sends later calls to <paramref name="cell"/>.</summary>
    public void BeginCell(NotebookCell cell, int executionCount)
    {
        lock (_lock)
        {
            FlushLocked();
            _cell = cell;
            _executionCount = executionCount;
        }
    }

    /// <summary>Copies pending stream text into its output (call before reading or saving outputs).</summary>
    public void Flush()
    {
        lock (_lock) FlushLocked();
    }

    private void FlushLocked()
    {
        if (_pendingOutput is null) return;
        _pendingOutput.Text = _pending.ToString();
        _pendingOutput = null;
        _pending.Clear();
    }

    /// <summary>Ignores everything from now on (a timed-out cell may still be running).</summary>
    public void Close()
    {
        lock (_lock)
        {
            FlushLocked();
            _cell = null;
        }
    }

    public void Stream(string name, string text)
    {
        lock (_lock)
        {
            if (_cell is null || text.Length == 0) return;
            if (_cell.Outputs.Count > 0 && _cell.Outputs[^1] is { OutputType: NotebookOutput.StreamType } last && last.Name == name)
            {
                if (!ReferenceEquals(last, _pendingOutput))
                {
                    FlushLocked();
                    _pendingOutput = last;
                    _pending.Append(last.Text);
                }
                _pending.Append(text);
            }
            else
            {
                FlushLocked();
                _cell.Outputs.Add(NotebookOutput.Stream(name, text));
            }
        }
    }

    public void Display(MimeBundle bundle, string? displayId)
    {
        lock (_lock)
        {
            if (_cell is null) return;
            FlushLocked();
            var output = NotebookOutput.DisplayData(bundle);
            _cell.Outputs.Add(output);
            if (displayId is null) return;
            if (!_displays.TryGetValue(displayId, out var shown)) _displays[displayId] = shown = [];
            shown.Add(output);
        }
    }

    public void UpdateDisplay(MimeBundle bundle, string displayId)
    {
        lock (_lock)
        {
            if (_cell is null || !_displays.TryGetValue(displayId, out var shown)) return;
            foreach (var output in shown) output.Data = bundle;
        }
    }

    public void Result(MimeBundle bundle)
    {
        lock (_lock)
        {
            FlushLocked();
            _cell?.Outputs.Add(NotebookOutput.ExecuteResult(bundle, _executionCount));
        }
    }

    public void Error(string ename, string evalue, IReadOnlyList<string> traceback)
    {
        lock (_lock)
        {
            FlushLocked();
            _cell?.Outputs.Add(NotebookOutput.Error(ename, evalue, traceback));
        }
    }
}
