using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace MusicGen.Notebooks.Execution;

/// <summary>
/// Turns compile diagnostics and exceptions into Jupyter <c>error</c> fields with line numbers
/// relative to the cell. Each submission is its own syntax tree, so Roslyn's lines already count
/// from the cell's first line; the cell's file path (<see cref="CellPath"/>) names the cell in
/// stack frames, and frames from the scripting machinery are dropped.
/// </summary>
internal static partial class CellErrors
{
    public const string CompilationErrorName = "CompilationError";

    /// <summary>The file path cell <paramref name="executionCount"/> compiles under.</summary>
    public static string CellPath(int executionCount) => $"cell{executionCount}";

    /// <summary>One error for all of a cell's compile errors, in line order (Roslyn reports them in binding
    /// order): the first is the value, all of them the traceback.</summary>
    public static (string Name, string Value, IReadOnlyList<string> Traceback) FromDiagnostics(IEnumerable<Diagnostic> diagnostics)
    {
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)
            .OrderBy(d => d.Location.IsInSource ? 0 : 1)
            .ThenBy(d => d.Location.GetMappedLineSpan().StartLinePosition.Line)
            .ThenBy(d => d.Location.GetMappedLineSpan().StartLinePosition.Character)
            .Select(Describe).Distinct().ToList();
        if (errors.Count == 0) errors.Add("compilation failed");
        return (CompilationErrorName, errors[0], errors);
    }

    /// <summary><c>(line,col): error CS0103: message</c>, one-based and cell-relative.</summary>
    public static string Describe(Diagnostic d)
    {
        var span = d.Location.GetMappedLineSpan();
        var where = d.Location.IsInSource ? $"({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): " : "";
        return $"{where}error {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    public const string InterruptedMessage = "Interrupted";

    /// <summary>Like <see cref="FromException(Exception)"/>, but an <see cref="OperationCanceledException"/> (or
    /// an AggregateException of them, from Parallel.For) after <paramref name="cellToken"/> was cancelled is the
    /// cell being interrupted, IPython's KeyboardInterrupt: <c>OperationCanceledException: Interrupted</c> and the
    /// cell frames it stopped in, whatever message the code that noticed it used.</summary>
    public static (string Name, string Value, IReadOnlyList<string> Traceback) FromException(Exception e, CancellationToken cellToken)
    {
        if (!cellToken.IsCancellationRequested) return FromException(e);
        var canceled = e as OperationCanceledException
            ?? (e is AggregateException a && a.Flatten().InnerExceptions.All(x => x is OperationCanceledException)
                ? (OperationCanceledException)a.Flatten().InnerExceptions[0] : null);
        if (canceled is null) return FromException(e);
        var traceback = new List<string> { $"{nameof(OperationCanceledException)}: {InterruptedMessage}" };
        traceback.AddRange(Frames(canceled));
        return (nameof(OperationCanceledException), InterruptedMessage, traceback);
    }

    public static (string Name, string Value, IReadOnlyList<string> Traceback) FromException(Exception e)
    {
        var traceback = new List<string> { $"{e.GetType().FullName}: {e.Message}" };
        traceback.AddRange(Frames(e));
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            traceback.Add($" ---> {inner.GetType().FullName}: {inner.Message}");
            traceback.AddRange(Frames(inner));
        }
        return (e.GetType().Name, e.Message, traceback);
    }

    /// <summary>Stack frames worth showing: the cell's own code and the libraries it called,
    /// without Roslyn's submission runner or async plumbing.</summary>
    public static IEnumerable<string> Frames(Exception e)
    {
        if (e.StackTrace is not { } trace) yield break;
        foreach (var raw in trace.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (!line.TrimStart().StartsWith("at ", StringComparison.Ordinal)) continue;
            if (line.Contains("Microsoft.CodeAnalysis.Scripting.", StringComparison.Ordinal)) continue;
            if (line.Contains("System.Runtime.CompilerServices.", StringComparison.Ordinal)) continue;
            if (line.Contains("System.Runtime.ExceptionServices.", StringComparison.Ordinal)) continue;
            if (line.Contains("System.Threading.ExecutionContext.", StringComparison.Ordinal)) continue;
            var text = SubmissionBody().Replace(line, "at <cell>");
            text = SubmissionPrefix().Replace(text, "at ");
            text = CellLocation().Replace(text, m => $" in cell {m.Groups[1].Value}, line {m.Groups[2].Value}");
            yield return text;
        }
    }

    /// <summary>Cell-relative line of the innermost frame in a cell, or null.</summary>
    public static int? CellLine(Exception e)
    {
        var m = CellLocation().Match(e.StackTrace ?? "");
        return m.Success ? int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    // "at Submission#3.<<Initialize>>d__0.MoveNext()": the cell's top-level statements.
    [GeneratedRegex(@"at Submission#\d+\.<<Initialize>>d__\d+\.MoveNext\(\)")]
    private static partial Regex SubmissionBody();

    // "at Submission#3.Square(Int32 x)": a method the cell declared.
    [GeneratedRegex(@"at Submission#\d+\.")]
    private static partial Regex SubmissionPrefix();

    // Roslyn roots the cell's path at the current directory: " in /any/dir/cell3:line 5".
    [GeneratedRegex(@" in (?:\S*[/\\])?cell(\d+):line (\d+)")]
    private static partial Regex CellLocation();
}
