using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MusicGen.Notebooks.Display;

namespace MusicGen.Notebooks.Kernel;

/// <summary>
/// Forwards one cell's outputs as IOPub messages whose parent is the execute_request, so the
/// frontend attaches them to the right cell (messaging.rst, IOPub section). Console text is
/// coalesced: a loop that prints a character at a time would otherwise send thousands of
/// messages. Buffered text is flushed after 50 ms, when the stream name changes, before any
/// other output, and when the cell ends, so the order the user sees is the order of the calls.
/// With <c>silent</c>, nothing is published.
/// </summary>
internal sealed class IopubDisplaySink : IDisplaySink, IDisposable
{
    private static readonly TimeSpan FlushDelay = TimeSpan.FromMilliseconds(50);
    private const int MaxBuffered = 64 * 1024;
    private readonly JupyterKernel kernel;
    private readonly JupyterMessage parent;
    private readonly int executionCount;
    private readonly bool silent;
    private readonly Func<string, string>? input;
    private readonly object gate = new();
    private readonly StringBuilder pending = new();
    private readonly Timer timer;
    private string? pendingName;

    public IopubDisplaySink(JupyterKernel kernel, JupyterMessage parent, int executionCount, bool silent, Func<string, string>? input)
    {
        this.kernel = kernel;
        this.parent = parent;
        this.executionCount = executionCount;
        this.silent = silent;
        this.input = input;
        timer = new Timer(_ => Flush());
    }

    /// <summary>Present only when the request allowed stdin (messaging.rst, "stdin"). Console text printed before
    /// the prompt is sent first, so it shows above the input box (ipykernel flushes stdout the same way). The prompt
    /// travels only in input_request and the answer is not printed: like ipykernel, the kernel echoes nothing
    /// (Notebook 6 itself shows "prompt + answer" as the box's record, so <c>input("Name? ")</c> wants its space).</summary>
    public Func<string, string>? Input => input is null ? null : prompt =>
    {
        Flush();
        return input(prompt);
    };

    public void Stream(string name, string text)
    {
        if (silent || text.Length == 0) return;
        lock (gate)
        {
            if (pendingName is not null && pendingName != name) FlushLocked();
            pendingName = name;
            bool wasEmpty = pending.Length == 0;
            pending.Append(text);
            if (pending.Length >= MaxBuffered) FlushLocked();
            else if (wasEmpty) timer.Change(FlushDelay, Timeout.InfiniteTimeSpan);
        }
    }

    public void Display(MimeBundle bundle, string? displayId) =>
        Publish("display_data", DisplayContent(bundle, displayId));

    public void UpdateDisplay(MimeBundle bundle, string displayId) =>
        Publish("update_display_data", DisplayContent(bundle, displayId));

    public void Result(MimeBundle bundle) =>
        Publish("execute_result", new JsonObject
        {
            ["execution_count"] = executionCount, ["data"] = Data(bundle), ["metadata"] = new JsonObject(),
        });

    /// <summary>The <c>error</c> output. Frontends print the traceback as terminal text: the headline and the
    /// compile errors are wrapped in ANSI red, as IPython's tracebacks are, so Notebook 6 shows them red too
    /// (JupyterLab tints error outputs anyway); stack frames stay plain. ename/evalue and the reply stay plain.</summary>
    public void Error(string ename, string evalue, IReadOnlyList<string> traceback) =>
        Publish("error", new JsonObject
        {
            ["ename"] = ename, ["evalue"] = evalue,
            ["traceback"] = new JsonArray(traceback.Select(t => (JsonNode?)Colour(t)).ToArray()),
        });

    private static string Colour(string line) =>
        line.TrimStart().StartsWith("at ", StringComparison.Ordinal) || line.Length == 0 ? line : $"\u001b[0;31m{line}\u001b[0m";

    /// <summary>Sends buffered console text now.</summary>
    public void Flush()
    {
        lock (gate) FlushLocked();
    }

    private void FlushLocked()
    {
        if (pending.Length == 0 || pendingName is null) return;
        var text = pending.ToString();
        pending.Clear();
        kernel.Publish("stream", new JsonObject { ["name"] = pendingName, ["text"] = text }, parent);
    }

    private void Publish(string msgType, JsonObject content)
    {
        if (silent) return;
        lock (gate)
        {
            FlushLocked();
            kernel.Publish(msgType, content, parent);
        }
    }

    private static JsonObject DisplayContent(MimeBundle bundle, string? displayId)
    {
        var content = new JsonObject { ["data"] = Data(bundle), ["metadata"] = new JsonObject() };
        // transient is not saved in the notebook; it carries the display_id for later updates.
        content["transient"] = displayId is null ? new JsonObject() : new JsonObject { ["display_id"] = displayId };
        return content;
    }

    /// <summary>MIME type → text; JSON types embedded as JSON values, not strings (messaging.rst, display_data).</summary>
    internal static JsonObject Data(MimeBundle bundle)
    {
        var data = new JsonObject();
        foreach (var (mime, text) in bundle)
        {
            if (MimeBundle.IsJsonMimeType(mime))
            {
                try
                {
                    data[mime] = JsonNode.Parse(text);
                    continue;
                }
                catch (JsonException)
                {
                    // MimeBundle checks JSON on Set, so this is unreachable in practice; fall back to text.
                }
            }
            data[mime] = text;
        }
        return data;
    }

    public void Dispose() => timer.Dispose();
}
