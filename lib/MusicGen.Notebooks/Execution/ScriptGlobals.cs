using MusicGen.Notebooks.Display;

namespace MusicGen.Notebooks.Execution;

/// <summary>
/// Members every cell can call without a prefix (Roslyn scripting's globals object):
/// <c>display(x)</c> as in Jupyter and its .NET-cased twin <c>Display(x)</c>, <c>input(prompt)</c>,
/// and the running cell's <see cref="CancellationToken"/> for APIs that wait.
/// </summary>
public sealed class ScriptGlobals
{
    private readonly ScriptSession _session;

    internal ScriptGlobals(ScriptSession session) => _session = session;

    /// <summary>Shows <paramref name="value"/> as a <c>display_data</c> output now; the handle
    /// can replace it later. <paramref name="mimeType"/> picks one form (a string is then taken as
    /// that type's text, e.g. <c>display(svg, "image/svg+xml")</c>).</summary>
#pragma warning disable IDE1006 // Jupyter's name, on purpose
    public DisplayHandle display(object? value, string? mimeType = null) => Display(value, mimeType);

    /// <summary>Asks the user for a line of text (Jupyter's <c>input_request</c>).</summary>
    public string input(string prompt = "") => _session.ReadInput(prompt);
#pragma warning restore IDE1006

    /// <inheritdoc cref="display"/>
    public DisplayHandle Display(object? value, string? mimeType = null)
    {
        var sink = _session.CurrentSink ?? throw new InvalidOperationException("display() needs a running cell.");
        var handle = new DisplayHandle(Guid.NewGuid().ToString("N"), () => _session.CurrentSink);
        sink.Display(DisplayBundle.Create(value, mimeType), handle.DisplayId);
        return handle;
    }

    /// <summary>Signalled when the cell is interrupted or times out. The cell's loops and methods already stop
    /// on it by themselves (see InterruptionRewriter); pass it to APIs that wait, e.g. <c>Task.Delay(ms, CancellationToken)</c>.</summary>
    public CancellationToken CancellationToken => _session.CurrentCancellationToken;
}
