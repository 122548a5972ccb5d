using MusicGen.Notebooks.Display;
using MusicGen.Notebooks.Execution;

namespace MusicGen.Notebooks.Kernel;

/// <summary>
/// The language side of the kernel: what <see cref="ScriptSession"/> offers, as an interface so
/// protocol tests can script exact output sequences without compiling C#.
/// </summary>
internal interface IKernelEngine
{
    /// <summary>Runs one cell; outputs go to <paramref name="sink"/>; never throws for the cell's own errors.</summary>
    Task<CellResult> ExecuteAsync(string code, IDisplaySink sink, CancellationToken cancellationToken);

    /// <summary>Completions at a UTF-16 offset.</summary>
    Task<IReadOnlyList<CompletionItem>> CompleteAsync(string code, int cursorPosition);

    SubmissionCompleteness IsComplete(string code);

    /// <summary>Text describing the symbol at a UTF-16 offset, or the call whose parentheses hold it; null when
    /// there is none (then the kernel falls back to the completion item of the name under the cursor).</summary>
    Task<string?> InspectAsync(string code, int cursorPosition) => Task.FromResult<string?>(null);
}
