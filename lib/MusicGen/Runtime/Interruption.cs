namespace MusicGen.Runtime;

/// <summary>
/// The running notebook cell's cancellation, ambient: the notebook engine sets it around each cell
/// (<see cref="Enter"/>), and long-running library work (<c>Trainer.Fit</c>, generation, evaluation,
/// benchmarks) calls <see cref="ThrowIfRequested"/> at natural points (per batch, per note), so
/// Jupyter's Interrupt and <c>notebooks run --timeout</c> stop it without the notebook passing a token.
/// Outside a cell nothing is ever requested and the checks cost one memory load.
/// </summary>
/// <remarks>
/// The token flows with the <see cref="ExecutionContext"/> (an <see cref="AsyncLocal{T}"/>), so tasks,
/// <c>Parallel.For</c> workers and threads the cell starts see it, while other sessions in the same
/// process (parallel tests) see their own. Reading an AsyncLocal costs a few nanoseconds, too much for the
/// check the engine compiles into every loop iteration of a cell; that check reads <see cref="Pending"/>
/// first, a process-wide count of interrupted cells that are still running, and only then the token.
/// </remarks>
public static class Interruption
{
    private static readonly AsyncLocal<CancellationToken> s_current = new();
    private static int s_pending;

    /// <summary>True while some cell in this process has been interrupted and has not finished yet:
    /// a single volatile read, the fast path of the check compiled into cells. Precise answer: <see cref="IsRequested"/>.</summary>
    public static bool Pending => Volatile.Read(ref s_pending) != 0;

    /// <summary>The running cell's token (<see cref="CancellationToken.None"/> outside a cell).</summary>
    public static CancellationToken Current => s_current.Value;

    /// <summary>True when the running cell has been interrupted (or has run out of time).</summary>
    public static bool IsRequested => Pending && s_current.Value.IsCancellationRequested;

    /// <summary>Throws <see cref="OperationCanceledException"/> ("Interrupted") when the running cell
    /// has been interrupted; otherwise returns at once. Call it once per batch, note or iteration.</summary>
    public static void ThrowIfRequested()
    {
        if (!Pending) return;
        var token = s_current.Value;
        if (token.IsCancellationRequested) throw new OperationCanceledException("Interrupted", token);
    }

    /// <summary>
    /// Makes <paramref name="token"/> the current cell's cancellation for the calling execution context
    /// until the returned scope is disposed. Call it inside an async method (or on the cell's own thread), so
    /// the value ends with it.
    /// </summary>
    public static IDisposable Enter(CancellationToken token)
    {
        var scope = new Scope(s_current.Value);
        s_current.Value = token;
        if (token.CanBeCanceled) scope.Registration = token.Register(static s => ((Scope)s!).Raise(), scope);
        return scope;
    }

    private sealed class Scope(CancellationToken previous) : IDisposable
    {
        private int _state; // 0 running, 1 interrupted (counted in s_pending), 2 disposed

        public CancellationTokenRegistration Registration { get; set; }

        public void Raise()
        {
            if (Interlocked.CompareExchange(ref _state, 1, 0) == 0) Interlocked.Increment(ref s_pending);
        }

        public void Dispose()
        {
            // Dispose waits for a callback that is running, so Raise cannot count after this line.
            Registration.Dispose();
            if (Interlocked.Exchange(ref _state, 2) == 1) Interlocked.Decrement(ref s_pending);
            s_current.Value = previous;
        }
    }
}
