using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using MusicGen.Notebooks.Execution;
using MusicGen.Notebooks.Kernel.Zmtp;

namespace MusicGen.Notebooks.Kernel;

/// <summary>
/// <c>execute_request</c> (messaging.rst, "Execute"): busy is already published; then
/// <c>execute_input</c>, the cell's outputs, <c>execute_reply</c>; idle follows. The execution
/// count grows only when <c>store_history</c> is true, and <c>silent</c> turns store_history off
/// and suppresses every IOPub output. After a failure with <c>stop_on_error</c> (the default),
/// execute requests already queued are answered with status <c>aborted</c> and not run, as
/// ipykernel does.
/// </summary>
internal sealed class ExecuteRequestHandler(JupyterKernel kernel, IKernelEngine engine)
{
    private readonly ConcurrentQueue<(byte[] Identity, JupyterMessage Message)> backlog = new();
    private CancellationTokenSource? running;
    private IopubDisplaySink? runningSink;
    private int executionCount;

    /// <summary>The count of the last cell that stored history (Jupyter's <c>In [n]</c>).</summary>
    public int ExecutionCount => Volatile.Read(ref executionCount);

    /// <summary>Non-execute requests met while aborting, to be handled next in their original order.</summary>
    public (byte[] Identity, JupyterMessage Message)? TakeBacklog() => backlog.TryDequeue(out var m) ? m : null;

    /// <summary>How long a cell may ignore an interrupt before the user is told why it still runs.</summary>
    public TimeSpan InterruptWarningDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Cancels the running cell's token (interrupt_request, SIGINT, shutdown). The engine compiles checks of it into
    /// every loop and method of the cell and the library checks it per batch and note, so the cell stops within
    /// microseconds with <c>OperationCanceledException: Interrupted</c>. Only code blocked inside a call that never
    /// returns to those checks (Thread.Sleep, a socket read) keeps running; with <paramref name="warn"/>, such a cell
    /// gets a stderr line after <see cref="InterruptWarningDelay"/> saying so, instead of a silent interrupt button.
    /// </summary>
    public void Interrupt(bool warn = true)
    {
        var cell = Volatile.Read(ref running);
        var sink = Volatile.Read(ref runningSink);
        try
        {
            cell?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return; // the cell just finished
        }
        if (cell is null || sink is null || !warn) return;
        _ = Task.Run(async () =>
        {
            await Task.Delay(InterruptWarningDelay);
            if (ReferenceEquals(Volatile.Read(ref running), cell))
                sink.Stream("stderr", "[kernel] Interrupted, but the cell is still inside a call that does not return (such as " +
                                      "Thread.Sleep or a blocking read); it stops when that call returns. Restart the kernel to stop it now.\n");
        });
    }

    public async Task HandleAsync(RouterSocket shell, byte[] identity, JupyterMessage request)
    {
        var c = request.Content;
        var code = (string?)c["code"] ?? "";
        bool silent = Flag(c, "silent", false);
        bool storeHistory = !silent && Flag(c, "store_history", true);
        bool allowStdin = Flag(c, "allow_stdin", true);
        bool stopOnError = Flag(c, "stop_on_error", true);

        int count = storeHistory ? Interlocked.Increment(ref executionCount) : ExecutionCount;
        if (!silent)
            kernel.Publish("execute_input", new JsonObject { ["code"] = code, ["execution_count"] = count }, request);

        using var sink = new IopubDisplaySink(kernel, request, count, silent,
            allowStdin ? prompt => kernel.Stdin.RequestInput(identity, request, prompt, CurrentToken()) : null);
        CellResult result;
        using (var cts = new CancellationTokenSource())
        {
            Volatile.Write(ref runningSink, sink);
            Volatile.Write(ref running, cts);
            try
            {
                result = await RunOnOwnThread(code, sink, cts.Token);
            }
            catch (Exception e)
            {
                // The engine promises not to throw for a cell's errors; if it does anyway, the
                // client must still get its error and reply, or it waits forever.
                string[] traceback = [.. e.ToString().Split('\n')];
                sink.Error(e.GetType().Name, e.Message, traceback);
                result = new CellResult
                {
                    ExecutionCount = count, Succeeded = false, ErrorName = e.GetType().Name, ErrorValue = e.Message,
                    Traceback = traceback, Exception = e,
                };
            }
            finally
            {
                Volatile.Write(ref running, null);
                Volatile.Write(ref runningSink, null);
                sink.Flush();
            }
        }

        JsonObject reply;
        if (result.Succeeded)
        {
            reply = new JsonObject
            {
                ["status"] = "ok", ["execution_count"] = count, ["user_expressions"] = new JsonObject(), ["payload"] = new JsonArray(),
            };
        }
        else
        {
            reply = new JsonObject
            {
                ["status"] = "error", ["execution_count"] = count,
                ["ename"] = result.ErrorName ?? "Error", ["evalue"] = result.ErrorValue ?? "",
                ["traceback"] = new JsonArray(result.Traceback.Select(t => (JsonNode?)t).ToArray()),
            };
        }
        await kernel.ReplyAsync(shell, identity, request, "execute_reply", reply);
        if (!result.Succeeded && stopOnError) await AbortQueuedAsync(shell);
    }

    private CancellationToken CurrentToken()
    {
        try
        {
            return Volatile.Read(ref running)?.Token ?? CancellationToken.None;
        }
        catch (ObjectDisposedException)
        {
            return CancellationToken.None;
        }
    }

    /// <summary>
    /// Runs the cell on a dedicated background thread: a CPU-bound cell then never starves the
    /// thread pool that the sockets and the control loop run on, and a cell that ignores its
    /// token cannot keep the process alive at shutdown.
    /// </summary>
    private Task<CellResult> RunOnOwnThread(string code, IopubDisplaySink sink, CancellationToken token)
    {
        var done = new TaskCompletionSource<CellResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                done.TrySetResult(engine.ExecuteAsync(code, sink, token).GetAwaiter().GetResult());
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        }, maxStackSize: 16 * 1024 * 1024) { IsBackground = true, Name = "musicgen-cell" };
        thread.Start();
        return done.Task;
    }

    /// <summary>Answers every execute_request that has already arrived with status aborted.</summary>
    private async Task AbortQueuedAsync(RouterSocket shell)
    {
        var keep = new List<(byte[], JupyterMessage)>();
        while (shell.TryReceive(out var routed))
        {
            var message = kernel.Decode("shell", routed);
            if (message is null) continue;
            if (message.MsgType != "execute_request")
            {
                keep.Add((routed.Identity, message));
                continue;
            }
            kernel.PublishStatus("busy", message);
            await kernel.ReplyAsync(shell, routed.Identity, message, "execute_reply",
                new JsonObject { ["status"] = "aborted", ["execution_count"] = ExecutionCount });
            kernel.PublishStatus("idle", message);
        }
        foreach (var m in keep) backlog.Enqueue(m);
    }

    private static bool Flag(JsonObject content, string name, bool fallback) =>
        content[name] is JsonValue v && v.TryGetValue(out bool b) ? b : fallback;
}
