using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace MusicGen.Notebooks.Kernel.Zmtp;

/// <summary>
/// A bound ZMTP socket: one <see cref="TcpListener"/>, and one read loop per accepted peer.
/// Subclasses give the socket type its routing behaviour (ROUTER, PUB, REP). A misbehaving peer
/// only loses its own connection; the error goes to the log.
/// </summary>
internal abstract class ZmtpSocket : IAsyncDisposable
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<ZmtpConnection, Task> connections = new();
    private TcpListener? listener;
    private Task? acceptLoop;
    private int releaseRequested;

    protected ZmtpSocket(ZmtpSocketType type, string name, TextWriter? log)
    {
        Type = type;
        Name = name;
        Log = log ?? TextWriter.Null;
    }

    public ZmtpSocketType Type { get; }
    /// <summary>The channel name used in log lines (shell, iopub, hb…).</summary>
    public string Name { get; }
    protected TextWriter Log { get; }
    protected CancellationToken Stopping => stopping.Token;

    /// <summary>The bound address; its port is the real one when 0 was asked for.</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>Default for <see cref="MaxMessageSize"/>: 256 MiB, far above any Jupyter message a frontend
    /// sends and far below the memory of a machine that trains models.</summary>
    public const long DefaultMaxMessageSize = 256L * 1024 * 1024;

    /// <summary>Messages (all frames together) larger than this drop their peer before the excess is read.</summary>
    public long MaxMessageSize { get; set; } = DefaultMaxMessageSize;

    /// <summary>Messages at least this large give their memory back to the OS when they are dropped.</summary>
    private const long LargeMessage = 16L * 1024 * 1024;

    /// <summary>The peers that finished the handshake and are still connected.</summary>
    public int ConnectionCount => connections.Count;

    /// <summary>Binds to exactly <paramref name="address"/> (never every interface unless asked)
    /// and starts accepting. Port 0 picks a free port, see <see cref="LocalEndPoint"/>.</summary>
    public IPEndPoint Bind(IPAddress address, int port)
    {
        if (listener is not null) throw new InvalidOperationException($"{Name} socket is already bound");
        var l = new TcpListener(address, port);
        l.Start();
        listener = l;
        LocalEndPoint = (IPEndPoint)l.LocalEndpoint;
        acceptLoop = Task.Run(AcceptLoopAsync);
        return LocalEndPoint;
    }

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener!.AcceptTcpClientAsync(stopping.Token);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                LogLine($"accept failed: {e.Message}");
                continue;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        client.NoDelay = true;
        var remote = client.Client.RemoteEndPoint?.ToString() ?? "?";
        ZmtpConnection? connection = null;
        bool releaseMemory = false;
        try
        {
            using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token))
            {
                handshake.CancelAfter(HandshakeTimeout);
                connection = await ZmtpConnection.HandshakeAsync(client.GetStream(), Type, remote, handshake.Token);
            }
            connection.MaxMessageSize = MaxMessageSize;
            if (!OnConnected(connection))
            {
                await connection.DisposeAsync();
                connection = null;
                return;
            }
            connections[connection] = Task.CompletedTask;
            while (!stopping.IsCancellationRequested)
            {
                var incoming = await connection.ReceiveAsync(stopping.Token);
                if (incoming is null) break;
                if (incoming.IsCommand)
                    await OnCommandAsync(connection, incoming.CommandName!, incoming.CommandData!);
                else
                    await OnMessageAsync(connection, incoming.Frames!);
                // Drop the reference before waiting for the next message, so a refused message can be collected.
                incoming = null;
                if (Interlocked.Exchange(ref releaseRequested, 0) == 1) ReleaseMemory();
            }
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (ZmtpException e)
        {
            LogLine($"dropping peer {remote}: {e.Message}");
            if (e is OversizeMessageException || connection?.PendingBytes >= LargeMessage) releaseMemory = true;
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or EndOfStreamException)
        {
            // The peer went away (or never finished the handshake); nothing to report.
        }
        finally
        {
            if (connection is not null)
            {
                connections.TryRemove(connection, out _);
                OnDisconnected(connection);
                await connection.DisposeAsync();
            }
            client.Dispose();
            if (releaseMemory) ReleaseMemory();
        }
    }

    /// <summary>
    /// After a huge message is dropped, its buffers are garbage, but a plain collection keeps the large-object
    /// heap's pages committed, so the process stays as big as the attack made it. An aggressive, compacting
    /// collection returns them to the OS. Rare (only for messages of <see cref="LargeMessage"/> or more).
    /// </summary>
    protected static void ReleaseMemory() =>
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    /// <summary>Asks the read loop to <see cref="ReleaseMemory"/> once it has let go of the current message.</summary>
    protected void RequestMemoryRelease() => Interlocked.Exchange(ref releaseRequested, 1);

    /// <summary>Whether a dropped message was large enough to call <see cref="ReleaseMemory"/> for.</summary>
    protected static bool IsLarge(IReadOnlyList<byte[]> frames) => frames.Sum(f => (long)f.Length) >= LargeMessage;

    /// <summary>Called once a peer has finished the handshake; false refuses it (the connection is closed).</summary>
    protected virtual bool OnConnected(ZmtpConnection connection) => true;

    /// <summary>Called when a peer is gone.</summary>
    protected virtual void OnDisconnected(ZmtpConnection connection) { }

    /// <summary>A whole multipart message from a peer.</summary>
    protected abstract ValueTask OnMessageAsync(ZmtpConnection connection, IReadOnlyList<byte[]> frames);

    /// <summary>A command other than READY/PING/PONG/ERROR; ignored unless the socket type uses it.</summary>
    protected virtual ValueTask OnCommandAsync(ZmtpConnection connection, string name, byte[] data) => ValueTask.CompletedTask;

    /// <summary>Sends to one peer; a peer that has gone is dropped quietly (the message is lost,
    /// as ZeroMQ loses messages to disconnected peers).</summary>
    protected async Task<bool> TrySendAsync(ZmtpConnection connection, ReadOnlyMemory<byte> encoded)
    {
        try
        {
            await connection.SendEncodedAsync(encoded, stopping.Token);
            return true;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            return false;
        }
    }

    protected void LogLine(string message) => Log.WriteLine($"[kernel:{Name}] {message}");

    public virtual async ValueTask DisposeAsync()
    {
        if (stopping.IsCancellationRequested) return;
        stopping.Cancel();
        listener?.Stop();
        foreach (var c in connections.Keys) await c.DisposeAsync();
        if (acceptLoop is not null)
        {
            try { await acceptLoop; } catch (OperationCanceledException) { }
        }
    }
}
