using MusicGen.Notebooks.Display;
using MusicGen.Notebooks.Execution;

namespace MusicGen.Notebooks.Kernel;

/// <summary>The real engine: one Roslyn <see cref="ScriptSession"/> for the kernel's lifetime.</summary>
internal sealed class ScriptSessionEngine(ScriptSession session) : IKernelEngine
{
    public ScriptSession Session { get; } = session;

    public Task<CellResult> ExecuteAsync(string code, IDisplaySink sink, CancellationToken cancellationToken) =>
        Session.ExecuteAsync(code, sink, cancellationToken);

    public Task<IReadOnlyList<CompletionItem>> CompleteAsync(string code, int cursorPosition) =>
        Session.CompleteAsync(code, cursorPosition);

    public SubmissionCompleteness IsComplete(string code) => Session.IsComplete(code);

    public Task<string?> InspectAsync(string code, int cursorPosition) => Session.InspectAsync(code, cursorPosition);
}
