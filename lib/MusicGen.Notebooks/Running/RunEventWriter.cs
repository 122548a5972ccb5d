using System.Text;
using System.Text.Json;
using MusicGen.Notebooks.Display;
using MusicGen.Notebooks.Ipynb;

namespace MusicGen.Notebooks.Running;

/// <summary>
/// The child side of an isolated run (<see cref="NotebookProcessRunner"/>): every event of the
/// cell loop becomes one JSON line on its output stream (the child's real stdout), e.g.
/// <c>{"t":"begin","cell":3,"count":2}</c>, <c>{"t":"stream","name":"stdout","text":"…"}</c>,
/// <c>{"t":"end",…}</c>, <c>{"t":"done"}</c>. Lines are flushed at least every 50 ms and at every
/// cell boundary, so when the process dies (Environment.Exit, a stack overflow) the parent has
/// everything the cell printed up to a few milliseconds before.
/// </summary>
internal sealed class RunEventWriter : ICellEvents, IDisposable
{
    private readonly object _lock = new();
    private readonly Stream _output;
    private readonly System.Buffers.ArrayBufferWriter<byte> _line = new(4096);
    private readonly Utf8JsonWriter _json;
    private readonly Timer _flusher;
    private bool _dirty;
    private bool _recording = true;

    public RunEventWriter(Stream output)
    {
        _output = new BufferedStream(output, 1 << 16);
        // The JSON goes to a buffer, not to the stream: Utf8JsonWriter.Flush would flush the pipe per event.
        _json = new Utf8JsonWriter(_line, new JsonWriterOptions { SkipValidation = true });
        _flusher = new Timer(_ => Flush(), null, 50, 50);
        // Environment.Exit runs ProcessExit handlers: what the cell printed before it still arrives.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Flush();
    }

    public void BeginCell(Notebook notebook, int cellIndex, int executionCount)
    {
        Send(w =>
        {
            w.WriteString("t", "begin");
            w.WriteNumber("cell", cellIndex);
            w.WriteNumber("count", executionCount);
        }, flush: true, always: true);
        lock (_lock) _recording = true;
    }

    public void EndCell(int cellIndex, int executionCount, bool succeeded, string? errorName, string? errorValue, int? errorLine, double seconds) =>
        Send(w =>
        {
            w.WriteString("t", "end");
            w.WriteNumber("cell", cellIndex);
            w.WriteNumber("count", executionCount);
            w.WriteBoolean("ok", succeeded);
            if (errorName is not null) w.WriteString("ename", errorName);
            if (errorValue is not null) w.WriteString("evalue", errorValue);
            if (errorLine is not null) w.WriteNumber("line", errorLine.Value);
            w.WriteNumber("seconds", seconds);
        }, flush: true, always: true);

    /// <summary>The last line: the child finished normally.</summary>
    public void Done() => Send(w => w.WriteString("t", "done"), flush: true, always: true);

    public void StopRecording()
    {
        lock (_lock) _recording = false;
    }

    /// <summary>A training run started that is not in the weight cache (see <see cref="TrainingReport"/>).</summary>
    public void TrainingStarted(string preset, int epochs, long total) => Send(w =>
    {
        w.WriteString("t", "training");
        w.WriteString("preset", preset);
        w.WriteNumber("epochs", epochs);
        w.WriteNumber("total", total);
    }, flush: true, always: true);

    /// <summary>Progress of the current training run: <paramref name="done"/> of <paramref name="total"/> steps.</summary>
    public void TrainingStep(string preset, int epoch, int epochs, long done, long total) => Send(w =>
    {
        w.WriteString("t", "trainstep");
        w.WriteString("preset", preset);
        w.WriteNumber("epoch", epoch);
        w.WriteNumber("epochs", epochs);
        w.WriteNumber("done", done);
        w.WriteNumber("total", total);
    }, always: true);

    public void Progress(string line) => Send(w =>
    {
        w.WriteString("t", "progress");
        w.WriteString("line", line);
    }, flush: false, always: true);

    public void Stream(string name, string text) => Send(w =>
    {
        w.WriteString("t", "stream");
        w.WriteString("name", name);
        w.WriteString("text", text);
    });

    public void Display(MimeBundle bundle, string? displayId) => Send(w =>
    {
        w.WriteString("t", "display");
        WriteBundle(w, bundle);
        if (displayId is not null) w.WriteString("id", displayId);
    });

    public void UpdateDisplay(MimeBundle bundle, string displayId) => Send(w =>
    {
        w.WriteString("t", "update");
        WriteBundle(w, bundle);
        w.WriteString("id", displayId);
    });

    public void Result(MimeBundle bundle) => Send(w =>
    {
        w.WriteString("t", "result");
        WriteBundle(w, bundle);
    });

    public void Error(string ename, string evalue, IReadOnlyList<string> traceback) => Send(w =>
    {
        w.WriteString("t", "error");
        w.WriteString("ename", ename);
        w.WriteString("evalue", evalue);
        w.WriteStartArray("traceback");
        foreach (var line in traceback) w.WriteStringValue(line);
        w.WriteEndArray();
    });

    /// <summary>A bundle as <c>[[mime, text], …]</c>: order is the preference order.</summary>
    private static void WriteBundle(Utf8JsonWriter w, MimeBundle bundle)
    {
        w.WriteStartArray("data");
        foreach (var (mime, text) in bundle)
        {
            w.WriteStartArray();
            w.WriteStringValue(mime);
            w.WriteStringValue(text);
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }

    private void Send(Action<Utf8JsonWriter> body, bool flush = false, bool always = false)
    {
        lock (_lock)
        {
            if (!_recording && !always) return;
            _line.ResetWrittenCount();
            _json.Reset(_line);
            _json.WriteStartObject();
            body(_json);
            _json.WriteEndObject();
            _json.Flush();
            _output.Write(_line.WrittenSpan);
            _output.WriteByte((byte)'\n');
            _dirty = true;
            if (flush) FlushLocked();
        }
    }

    public void Flush()
    {
        lock (_lock) FlushLocked();
    }

    private void FlushLocked()
    {
        if (!_dirty) return;
        try
        {
            _output.Flush();
        }
        catch (IOException)
        {
            // The parent is gone; nobody is listening.
        }
        _dirty = false;
    }

    public void Dispose()
    {
        _flusher.Dispose();
        Flush();
    }

    /// <summary>Parses a bundle written by <see cref="WriteBundle"/>.</summary>
    internal static MimeBundle ReadBundle(JsonElement data)
    {
        var bundle = new MimeBundle();
        foreach (var pair in data.EnumerateArray()) bundle[pair[0].GetString()!] = pair[1].GetString()!;
        return bundle;
    }

    internal static readonly Encoding Utf8 = new UTF8Encoding(false);
}
