using System.Text.Json.Nodes;
using MusicGen.Notebooks.Kernel.Zmtp;

namespace MusicGen.Notebooks.Kernel;

/// <summary>
/// A Jupyter kernel (messaging protocol 5.3) over the pure-C# ZMTP transport. Shell requests are
/// handled one at a time in arrival order; control has its own loop, so <c>interrupt_request</c>
/// and <c>shutdown_request</c> work while a cell runs; the heartbeat echoes on its own. Every
/// shell and control request is wrapped in IOPub <c>status</c> busy/idle (jupyter_client's
/// wait_for_ready needs an IOPub message right after kernel_info_reply). Messages with a missing
/// or wrong signature, or replayed, are refused as soon as their frames are in (before they are queued behind
/// a running cell), logged to stderr and not answered. A message larger than <see cref="MaxMessageSize"/>
/// drops its peer before the excess is read.
/// </summary>
internal sealed class JupyterKernel : IAsyncDisposable
{
    private readonly ConnectionInfo connection;
    private readonly MessageSigner signer;
    private readonly TextWriter log;
    private readonly RouterSocket shell;
    private readonly RouterSocket control;
    private readonly RouterSocket stdin;
    private readonly PubSocket iopub;
    private readonly RepSocket heartbeat;
    private readonly CancellationTokenSource stopping = new();
    private readonly SignatureHistory signatures = new();
    private readonly TaskCompletionSource finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ExecuteRequestHandler executor;
    private readonly ShellRequestHandler requests;
    private Task? shellLoop;
    private Task? controlLoop;

    /// <summary>Environment variable that sets <see cref="MaxMessageSize"/> in MiB (default 256).</summary>
    public const string MaxMessageSizeVariable = "MUSICGEN_KERNEL_MAX_MESSAGE_MB";

    /// <param name="maxMessageSize">Largest incoming message in octets; default from <see cref="MaxMessageSizeVariable"/>,
    /// else <see cref="ZmtpSocket.DefaultMaxMessageSize"/>.</param>
    public JupyterKernel(ConnectionInfo connection, IKernelEngine engine, TextWriter? log = null, long? maxMessageSize = null)
    {
        this.connection = connection;
        this.log = log ?? TextWriter.Null;
        signer = MessageSigner.Create(connection.SignatureScheme, connection.Key);
        Builder = new MessageBuilder();
        shell = new RouterSocket("shell", this.log);
        control = new RouterSocket("control", this.log);
        stdin = new RouterSocket("stdin", this.log);
        iopub = new PubSocket("iopub", this.log);
        heartbeat = new RepSocket("hb", this.log);
        MaxMessageSize = maxMessageSize ?? MaxMessageSizeFromEnvironment(this.log);
        foreach (ZmtpSocket s in new ZmtpSocket[] { shell, control, stdin, iopub, heartbeat }) s.MaxMessageSize = MaxMessageSize;
        shell.Accept = frames => Authenticate(shell.Name, frames);
        control.Accept = frames => Authenticate(control.Name, frames);
        stdin.Accept = frames => Authenticate(stdin.Name, frames);
        Stdin = new StdinChannel(this, stdin);
        executor = new ExecuteRequestHandler(this, engine);
        requests = new ShellRequestHandler(this, engine);
    }

    public MessageBuilder Builder { get; }

    /// <summary>Largest incoming message (all frames), in octets.</summary>
    public long MaxMessageSize { get; }

    private static long MaxMessageSizeFromEnvironment(TextWriter log)
    {
        var text = Environment.GetEnvironmentVariable(MaxMessageSizeVariable);
        if (string.IsNullOrWhiteSpace(text)) return ZmtpSocket.DefaultMaxMessageSize;
        if (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long mb)
            && mb is >= 1 and <= 64 * 1024)
            return mb * 1024 * 1024;
        log.WriteLine($"[kernel] {MaxMessageSizeVariable}={text}: expected a whole number of MiB from 1 to 65536; " +
                      $"using {ZmtpSocket.DefaultMaxMessageSize / (1024 * 1024)}");
        return ZmtpSocket.DefaultMaxMessageSize;
    }
    internal StdinChannel Stdin { get; }
    internal MessageSigner Signer => signer;
    internal PubSocket Iopub => iopub;

    /// <summary>True after a <c>shutdown_request</c> with <c>restart: true</c>.</summary>
    public bool RestartRequested { get; private set; }

    /// <summary>Completes when the kernel has shut down (after a shutdown_request or <see cref="DisposeAsync"/>).</summary>
    public Task Finished => finished.Task;

    /// <summary>Binds all five sockets at the connection file's ip and starts serving.</summary>
    public KernelEndpoints Start()
    {
        var address = connection.ParseAddress();
        int Bind(ZmtpSocket socket, int port) => socket.Bind(address, port).Port;
        var endpoints = new KernelEndpoints(connection.Ip,
            Bind(shell, connection.ShellPort), Bind(iopub, connection.IopubPort), Bind(stdin, connection.StdinPort),
            Bind(control, connection.ControlPort), Bind(heartbeat, connection.HbPort));
        if (!signer.Enabled)
            log.WriteLine("[kernel] WARNING: the connection file has no key, so messages are not signed: any local process " +
                          "that can reach these ports can run code in this kernel, and replayed messages cannot be detected. " +
                          "Jupyter writes a key; give one when writing connection files by hand.");
        Publish("status", new JsonObject { ["execution_state"] = "starting" }, null);
        shellLoop = RunLoopAsync(shell, HandleShellAsync);
        controlLoop = RunLoopAsync(control, HandleControlAsync);
        log.WriteLine($"[kernel] listening on {connection.Ip}: shell {endpoints.ShellPort}, iopub {endpoints.IopubPort}, " +
                      $"stdin {endpoints.StdinPort}, control {endpoints.ControlPort}, hb {endpoints.HbPort}");
        return endpoints;
    }

    /// <summary>One loop per channel. Cells run on their own thread (see <see cref="ExecuteRequestHandler"/>),
    /// so a busy cell never holds the thread this loop or the control loop needs.</summary>
    private Task RunLoopAsync(RouterSocket socket, Func<byte[], JupyterMessage, Task> handle) =>
        Task.Run(async () =>
        {
            var token = stopping.Token;
            while (!token.IsCancellationRequested)
            {
                byte[] identity;
                JupyterMessage? message;
                if (ReferenceEquals(socket, shell) && executor.TakeBacklog() is { } pending)
                {
                    (identity, message) = pending; // already verified while aborting
                }
                else
                {
                    RoutedMessage routed;
                    try
                    {
                        routed = await socket.ReceiveAsync(token);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                    identity = routed.Identity;
                    message = Decode(socket.Name, routed);
                    if (message is null) continue;
                }
                try
                {
                    await handle(identity, message);
                }
                catch (Exception e) when (!token.IsCancellationRequested)
                {
                    log.WriteLine($"[kernel:{socket.Name}] {message.MsgType} failed: {e}");
                }
            }
        });

    /// <summary>Run by the sockets as soon as a message's frames are in: checks its signature and that it is not a
    /// replay (and that it parses); false drops it, logged, unanswered.</summary>
    private bool Authenticate(string channel, IReadOnlyList<byte[]> frames)
    {
        var message = MessageCodec.TryDeserialize(frames, signer, out var error);
        if (message is not null && signer.Enabled && !signatures.Add(message.Signature))
        {
            message = null;
            error = "duplicate signature (a replayed message)";
        }
        if (message is null) log.WriteLine($"[kernel:{channel}] rejected a message: {error}");
        return message is not null;
    }

    /// <summary>Parses a message that <see cref="Authenticate"/> let through (signature checked again; cheap).</summary>
    internal JupyterMessage? Decode(string channel, RoutedMessage routed)
    {
        var message = MessageCodec.TryDeserialize(routed.Frames, signer, out var error);
        if (message is null) log.WriteLine($"[kernel:{channel}] rejected a message: {error}");
        return message;
    }

    private async Task HandleShellAsync(byte[] identity, JupyterMessage request)
    {
        PublishStatus("busy", request);
        try
        {
            switch (request.MsgType)
            {
                case "execute_request":
                    await executor.HandleAsync(shell, identity, request);
                    break;
                case "shutdown_request": // deprecated on shell since 5.4, still honoured
                    await ShutdownAsync(shell, identity, request);
                    break;
                default:
                    await requests.HandleAsync(shell, identity, request);
                    break;
            }
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            await ReplyWithErrorAsync(shell, identity, request, e);
        }
        finally
        {
            PublishStatus("idle", request);
        }
    }

    private async Task HandleControlAsync(byte[] identity, JupyterMessage request)
    {
        PublishStatus("busy", request);
        try
        {
            switch (request.MsgType)
            {
                case "interrupt_request":
                    executor.Interrupt();
                    await ReplyAsync(control, identity, request, "interrupt_reply", new JsonObject { ["status"] = "ok" });
                    break;
                case "shutdown_request":
                    await ShutdownAsync(control, identity, request);
                    break;
                default:
                    await requests.HandleAsync(control, identity, request);
                    break;
            }
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            await ReplyWithErrorAsync(control, identity, request, e);
        }
        finally
        {
            PublishStatus("idle", request);
        }
    }

    private async Task ShutdownAsync(RouterSocket socket, byte[] identity, JupyterMessage request)
    {
        RestartRequested = request.Content["restart"] is JsonValue v && v.TryGetValue(out bool restart) && restart;
        await ReplyAsync(socket, identity, request, "shutdown_reply",
            new JsonObject { ["status"] = "ok", ["restart"] = RestartRequested });
        log.WriteLine($"[kernel] shutdown requested (restart: {RestartRequested})");
        executor.Interrupt(warn: false);
        // Idle is published by the caller's finally; give the PUB queues a moment to drain
        // before the sockets close, so the client sees the idle and the reply.
        _ = Task.Run(async () =>
        {
            await Task.Delay(200);
            finished.TrySetResult();
        });
    }

    /// <summary>
    /// A handler failed (for example on content of the wrong JSON type): log it and, for a request,
    /// send an error reply, because a client that gets no reply waits for it forever.
    /// </summary>
    private async Task ReplyWithErrorAsync(RouterSocket socket, byte[] identity, JupyterMessage request, Exception e)
    {
        log.WriteLine($"[kernel:{socket.Name}] {request.MsgType} failed: {e}");
        if (!request.MsgType.EndsWith("_request", StringComparison.Ordinal)) return;
        await ReplyAsync(socket, identity, request, request.MsgType[..^"_request".Length] + "_reply", new JsonObject
        {
            ["status"] = "error", ["ename"] = e.GetType().Name, ["evalue"] = e.Message,
            ["traceback"] = new JsonArray(e.ToString().Split('\n').Select(l => (JsonNode?)l.TrimEnd('\r')).ToArray()),
        });
    }

    /// <summary>Sends a reply on <paramref name="socket"/> to <paramref name="identity"/>.</summary>
    internal Task<bool> ReplyAsync(RouterSocket socket, byte[] identity, JupyterMessage request, string msgType, JsonObject content) =>
        socket.SendAsync(identity, MessageCodec.Serialize(Builder.Reply(request, msgType, content), signer));

    /// <summary>Publishes on IOPub with the topic <c>kernel.&lt;session&gt;.&lt;msg_type&gt;</c> (ipykernel's convention).</summary>
    internal void Publish(string msgType, JsonObject content, JupyterMessage? parent)
    {
        var message = Builder.Create(msgType, content, parent);
        message.Identities.Add(System.Text.Encoding.UTF8.GetBytes($"kernel.{Builder.Session}.{msgType}"));
        iopub.Send(MessageCodec.Serialize(message, signer));
    }

    /// <summary>How long a cell may ignore an interrupt before a stderr line explains why it still runs.</summary>
    public TimeSpan InterruptWarningDelay
    {
        get => executor.InterruptWarningDelay;
        set => executor.InterruptWarningDelay = value;
    }

    /// <summary>Cancels the running cell's token (what interrupt_request does; also used for SIGINT).</summary>
    public void Interrupt() => executor.Interrupt();

    internal void Log(string line) => log.WriteLine(line);

    internal void PublishStatus(string state, JupyterMessage parent) =>
        Publish("status", new JsonObject { ["execution_state"] = state }, parent);

    public async ValueTask DisposeAsync()
    {
        if (stopping.IsCancellationRequested) return;
        stopping.Cancel();
        executor.Interrupt(warn: false);
        finished.TrySetResult();
        await shell.DisposeAsync();
        await control.DisposeAsync();
        await stdin.DisposeAsync();
        await iopub.DisposeAsync();
        await heartbeat.DisposeAsync();
        // The shell loop may be stuck inside a cell that ignores its CancellationToken; do not wait for it.
        if (controlLoop is not null) await Task.WhenAny(controlLoop, Task.Delay(1000));
        if (shellLoop is not null) await Task.WhenAny(shellLoop, Task.Delay(1000));
    }
}
