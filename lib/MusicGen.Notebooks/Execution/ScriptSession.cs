using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;
using MusicGen.Notebooks.Display;

namespace MusicGen.Notebooks.Execution;

/// <summary>
/// One C# script state shared by the cells of a notebook (dotnet/interactive's design: the first
/// cell runs with <c>Script.RunAsync</c>, later ones with <c>ScriptState.ContinueWithAsync</c>),
/// so variables, types and <c>using</c>s carry over. Outputs go to the <see cref="IDisplaySink"/>
/// given to each <see cref="ExecuteAsync"/>: console text as streams, <c>display(x)</c> as
/// display data, a trailing expression without semicolon as the execute result, and compile
/// errors or exceptions as an error with cell-relative lines. Cells run one at a time.
/// </summary>
/// <remarks>The library (MusicGen.Core) and this assembly are referenced and their namespaces
/// imported, so a notebook needs no <c>#r</c> for the project; other assemblies can be added
/// with <c>#r "path.dll"</c>, relative to <see cref="BaseDirectory"/>.</remarks>
public sealed class ScriptSession
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ScriptOptions _options;
    private readonly ScriptGlobals _globals;
    private ScriptState<object>? _state;
    private IDisplaySink? _lastSink;
    private CancellationToken _currentToken;
    private int _executionCount;

    /// <param name="baseDirectory">Folder that <c>#r</c> and <c>#load</c> paths are relative to
    /// (the notebook's folder); the current directory when null.</param>
    public ScriptSession(string? baseDirectory = null)
    {
        BaseDirectory = Path.GetFullPath(baseDirectory ?? Environment.CurrentDirectory);
        _options = ScriptOptionsFactory.Create(BaseDirectory);
        _globals = new ScriptGlobals(this);
    }

    public string BaseDirectory { get; }

    /// <summary>Cells executed so far, failures included; during a cell it is that cell's count.</summary>
    public int ExecutionCount => Volatile.Read(ref _executionCount);

    internal IDisplaySink? CurrentSink => ConsoleRouter.Current ?? Volatile.Read(ref _lastSink);

    internal CancellationToken CurrentCancellationToken => _currentToken;

    /// <summary>Compiles and runs <paramref name="code"/> after the cells before it. Never throws
    /// for the cell's own errors: they are sent to <paramref name="sink"/> and reported in the result.</summary>
    /// <param name="cancellationToken">Interrupts the cell: its loops and methods check it (see
    /// <see cref="InterruptionRewriter"/>), as does library work through <see cref="Runtime.Interruption"/>; the cell
    /// then fails with <c>OperationCanceledException: Interrupted</c> and what it defined before stays. The cell also
    /// sees it as <c>CancellationToken</c>.</param>
    public async Task<CellResult> ExecuteAsync(string code, IDisplaySink sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(sink);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ExecuteCoreAsync(code, sink, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<CellResult> ExecuteCoreAsync(string code, IDisplaySink sink, CancellationToken cancellationToken)
    {
        // An async method: the AsyncLocal console route set here ends when it returns.
        int count = Interlocked.Increment(ref _executionCount);
        var clock = Stopwatch.StartNew();
        ConsoleRouter.EnsureInstalled();
        ConsoleRouter.Current = sink;
        Volatile.Write(ref _lastSink, sink);
        _currentToken = cancellationToken;

        var options = _options.WithFilePath(CellErrors.CellPath(count));
        bool trailingExpression = EndsWithExpression(code);
        // The cell's loops and method bodies check the ambient cancellation (InterruptionRewriter), so an
        // interrupt or a runner's timeout stops even `while (true) {}`; library loops check it too.
        using var interruption = Runtime.Interruption.Enter(cancellationToken);
        var interruptible = InterruptionRewriter.Rewrite(code, () => Compile(code, options));
        ScriptState<object> state;
        try
        {
            try
            {
                state = await RunAsync(interruptible, options, cancellationToken).ConfigureAwait(false);
            }
            catch (CompilationErrorException) when (!ReferenceEquals(interruptible, code))
            {
                // Report errors on the cell's own text (the checks shift columns). Should the rewritten text
                // fail where the original compiles, run the original: correct, only not interruptible.
                var errors = Compile(code, options).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                if (errors.Count > 0) throw new CompilationErrorException(errors[0].GetMessage(), [.. errors]);
                state = await RunAsync(code, options, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (CompilationErrorException e)
        {
            return Fail(sink, count, clock, CellErrors.FromDiagnostics(e.Diagnostics), null);
        }
        catch (References.NuGetRestoreException e)
        {
            // #r "nuget: …" that cannot be restored (thrown while compiling): the cell's error.
            return Fail(sink, count, clock, CellErrors.FromException(e), e);
        }
        catch (OperationCanceledException e)
        {
            // Interrupted while compiling, before any of the cell ran: Roslyn's frames mean nothing to the user.
            return Fail(sink, count, clock, cancellationToken.IsCancellationRequested
                ? (nameof(OperationCanceledException), CellErrors.InterruptedMessage, [$"{nameof(OperationCanceledException)}: {CellErrors.InterruptedMessage}"])
                : CellErrors.FromException(e), e);
        }

        // Keep the state even after an exception: what the cell defined before it stays usable.
        _state = state;
        if (state.Exception is { } thrown) return Fail(sink, count, clock, CellErrors.FromException(thrown, cancellationToken), thrown);

        bool hasValue = false;
        object? value = state.ReturnValue;
        if (trailingExpression)
        {
            // A null value may be a void call (nothing to show) or a null result (shown as "null").
            // A DisplayHandle is what `display(x)` returns: the value is already shown, so a
            // cell ending in `display(x)` without a semicolon does not show it twice.
            hasValue = value is not DisplayHandle && (value is not null || HasNonVoidResult(state));
            if (hasValue)
            {
                try
                {
                    sink.Result(Formatter.Format(value));
                }
                catch (Exception e)
                {
                    return Fail(sink, count, clock, CellErrors.FromException(e), e);
                }
            }
        }
        return new CellResult
        {
            ExecutionCount = count, Succeeded = true, HasReturnValue = hasValue, ReturnValue = hasValue ? value : null,
            Elapsed = clock.Elapsed,
        };
    }

    private Task<ScriptState<object>> RunAsync(string code, ScriptOptions options, CancellationToken cancellationToken) =>
        _state is null
            ? CSharpScript.Create(code, options, typeof(ScriptGlobals)).RunAsync(_globals, _ => true, cancellationToken)
            : _state.ContinueWithAsync(code, options, _ => true, cancellationToken);

    /// <summary>The compilation <paramref name="code"/> would get as the next cell (not emitted).</summary>
    private Compilation Compile(string code, ScriptOptions options) =>
        (_state is null ? CSharpScript.Create(code, options, typeof(ScriptGlobals)) : _state.Script.ContinueWith(code, options))
        .GetCompilation();

    private static CellResult Fail(IDisplaySink sink, int count, Stopwatch clock,
        (string Name, string Value, IReadOnlyList<string> Traceback) error, Exception? exception)
    {
        sink.Error(error.Name, error.Value, error.Traceback);
        return new CellResult
        {
            ExecutionCount = count, Succeeded = false, ErrorName = error.Name, ErrorValue = error.Value,
            Traceback = error.Traceback, Exception = exception, Elapsed = clock.Elapsed,
        };
    }

    /// <summary>True when the cell's last statement is an expression without its semicolon
    /// (decided on the syntax tree, not on Roslyn internals).</summary>
    public static bool EndsWithExpression(string code)
    {
        var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(code, ScriptOptionsFactory.ParseOptions).GetRoot();
        return root.Members.LastOrDefault() is GlobalStatementSyntax { Statement: ExpressionStatementSyntax statement }
            && statement.SemicolonToken.IsMissing;
    }

    private static bool HasNonVoidResult(ScriptState state)
    {
        var compilation = state.Script.GetCompilation();
        var tree = compilation.SyntaxTrees.FirstOrDefault(t => t.GetText().ToString() == state.Script.Code);
        if (tree is null) return false;
        var root = (CompilationUnitSyntax)tree.GetRoot();
        if (root.Members.LastOrDefault() is not GlobalStatementSyntax { Statement: ExpressionStatementSyntax statement }) return false;
        var type = compilation.GetSemanticModel(tree).GetTypeInfo(statement.Expression).Type;
        return type is not null && type.SpecialType != SpecialType.System_Void;
    }

    /// <summary>Roslyn completions at <paramref name="cursorPosition"/> (a UTF-16 offset into
    /// <paramref name="code"/>), with earlier cells' definitions in scope.</summary>
    public Task<IReadOnlyList<CompletionItem>> CompleteAsync(string code, int cursorPosition)
    {
        ArgumentNullException.ThrowIfNull(code);
        var previous = _state?.Script;
        return Task.Run(() => CompletionProvider.Complete(previous, code, cursorPosition, _options));
    }

    /// <summary>What Jupyter's inspection (Shift-Tab) shows at <paramref name="cursorPosition"/> (UTF-16): the
    /// symbol there, or the overloads of the call whose parentheses hold the cursor, with doc summaries.</summary>
    public Task<string?> InspectAsync(string code, int cursorPosition)
    {
        ArgumentNullException.ThrowIfNull(code);
        var previous = _state?.Script;
        return Task.Run(() => InspectionProvider.Inspect(previous, code, cursorPosition, _options));
    }

    /// <summary>Whether <paramref name="code"/> is ready to run (Jupyter's <c>is_complete</c>):
    /// incomplete when more text could finish it (<c>SyntaxFactory.IsCompleteSubmission</c>),
    /// invalid when it is finished but has a syntax error, complete otherwise.</summary>
    public SubmissionCompleteness IsComplete(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var tree = CSharpSyntaxTree.ParseText(code, ScriptOptionsFactory.ParseOptions);
        if (!SyntaxFactory.IsCompleteSubmission(tree)) return SubmissionCompleteness.Incomplete;
        return tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error)
            ? SubmissionCompleteness.Invalid
            : SubmissionCompleteness.Complete;
    }

    /// <summary>The current value of a script variable (tests, the kernel's inspection).</summary>
    public bool TryGetVariable(string name, out object? value)
    {
        var variable = _state?.GetVariable(name);
        value = variable?.Value;
        return variable is not null;
    }

    internal string ReadInput(string prompt)
    {
        var input = CurrentSink?.Input ?? throw new InvalidOperationException("This front end cannot ask for input.");
        return input(prompt);
    }
}
