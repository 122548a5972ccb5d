using System.Text;

namespace MusicGen.Notebooks.Kernel.Zmtp;

/// <summary>
/// One accepted peer of a bound socket: greeting and NULL handshake (RFC 23), then whole
/// multipart messages in and out. Sends go through one lock per connection, because frames of
/// two messages written from different threads would interleave on the wire and the client would
/// see broken signatures (dotnet/interactive hit exactly this with JupyterLab).
/// </summary>
internal sealed class ZmtpConnection : IAsyncDisposable
{
    private readonly Stream stream;
    private readonly SemaphoreSlim sendLock = new(1, 1);
    private int disposed;

    private ZmtpConnection(Stream stream, ZmtpSocketType localType, string remote)
    {
        this.stream = stream;
        LocalType = localType;
        Remote = remote;
    }

    public ZmtpSocketType LocalType { get; }
    public ZmtpSocketType PeerType { get; private set; }
    /// <summary>The READY <c>Identity</c> property of the peer; empty when it sent none.</summary>
    public byte[] PeerIdentity { get; private set; } = [];
    /// <summary>The peer's ZMTP minor version: 0 means 3.0, which subscribes with messages, not commands.</summary>
    public int PeerMinorVersion { get; private set; }
    /// <summary>The peer's address, for log lines.</summary>
    public string Remote { get; }

    /// <summary>Largest total size of one incoming message (all its frames); a peer that goes past it is dropped
    /// as soon as the frame header that would cross it arrives (<see cref="OversizeMessageException"/>).</summary>
    public long MaxMessageSize { get; set; } = ZmtpCodec.MaxFrameSize;

    /// <summary>Octets of the message being received so far (what a dropped peer leaves behind for the GC).</summary>
    public long PendingBytes { get; private set; }

    /// <summary>
    /// Runs the greeting and NULL handshake on an accepted stream. Both sides send their greeting
    /// and READY before reading the other's (RFC 23 §"The NULL Security Mechanism"), so there is no
    /// ordering deadlock with libzmq, which sends its greeting in two parts.
    /// </summary>
    public static async Task<ZmtpConnection> HandshakeAsync(
        Stream stream, ZmtpSocketType localType, string remote, CancellationToken cancellationToken,
        byte[]? localIdentity = null)
    {
        var connection = new ZmtpConnection(stream, localType, remote);
        await stream.WriteAsync(ZmtpGreeting.Create(), cancellationToken);
        var greeting = new byte[ZmtpGreeting.Length];
        await stream.ReadExactlyAsync(greeting, cancellationToken);
        (_, connection.PeerMinorVersion) = ZmtpGreeting.Validate(greeting);

        var properties = new List<KeyValuePair<string, byte[]>>
        {
            new("Socket-Type", Encoding.ASCII.GetBytes(localType.WireName())),
        };
        if (localIdentity is not null) properties.Add(new("Identity", localIdentity));
        await stream.WriteAsync(ZmtpCodec.EncodeCommand("READY", ZmtpCodec.EncodeProperties(properties)), cancellationToken);
        await stream.FlushAsync(cancellationToken);

        // READY holds a few short properties (Identity is at most 255 octets): 64 KiB is plenty.
        var frame = await ZmtpCodec.ReadFrameAsync(stream, cancellationToken, maxBodySize: 64 * 1024)
            ?? throw new ZmtpException("peer closed the connection during the handshake");
        if (!frame.IsCommand) throw new ZmtpException("expected a READY command, got a message frame");
        var (name, data) = ZmtpCodec.ParseCommand(frame.Body);
        if (name == "ERROR") throw new ZmtpException($"peer refused the handshake: {ErrorReason(data)}");
        if (name != "READY") throw new ZmtpException($"expected READY, got {name}");
        var peer = ZmtpCodec.ParseProperties(data);
        if (!peer.TryGetValue("Socket-Type", out var typeBytes))
            throw new ZmtpException("READY without a Socket-Type property");
        var typeName = Encoding.ASCII.GetString(typeBytes);
        var peerType = ZmtpSocketTypes.Parse(typeName)
            ?? throw new ZmtpException($"unknown peer socket type '{typeName}'");
        if (!localType.IsLegalPeer(peerType))
        {
            await SendErrorAsync(stream, "invalid socket type", cancellationToken);
            throw new ZmtpException($"a {typeName} peer may not connect to a {localType.WireName()} socket");
        }
        connection.PeerType = peerType;
        if (peer.TryGetValue("Identity", out var identity)) connection.PeerIdentity = identity;
        return connection;
    }

    /// <summary>
    /// Reads the next message or command; null when the peer closed the connection.
    /// PING is answered with PONG here (ZMTP 3.1 heartbeats), and PONG is swallowed.
    /// </summary>
    public async Task<ZmtpIncoming?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var frames = new List<byte[]>();
        long used = 0;
        PendingBytes = 0;
        while (true)
        {
            var read = await ZmtpCodec.ReadFrameAsync(stream, cancellationToken, MaxMessageSize - used);
            if (read is null)
            {
                if (frames.Count > 0) throw new ZmtpException("connection closed in the middle of a multipart message");
                return null;
            }
            var frame = read.Value;
            if (frame.IsCommand)
            {
                if (frames.Count > 0) throw new ZmtpException("command frame inside a multipart message");
                var (name, data) = ZmtpCodec.ParseCommand(frame.Body);
                switch (name)
                {
                    case "PING":
                        await SendPongAsync(data, cancellationToken);
                        continue;
                    case "PONG":
                        continue;
                    case "ERROR":
                        throw new ZmtpException($"peer sent ERROR: {ErrorReason(data)}");
                    default:
                        return ZmtpIncoming.Command(name, data);
                }
            }
            frames.Add(frame.Body);
            used += frame.Body.Length;
            PendingBytes = used;
            if (!frame.HasMore)
            {
                PendingBytes = 0;
                return ZmtpIncoming.Message(frames);
            }
        }
    }

    /// <summary>Sends one multipart message atomically with respect to other senders.</summary>
    public Task SendAsync(IReadOnlyList<ReadOnlyMemory<byte>> frames, CancellationToken cancellationToken) =>
        SendEncodedAsync(ZmtpCodec.EncodeMessage(frames), cancellationToken);

    /// <summary>Sends bytes that already hold whole frames (a message encoded once for many peers).</summary>
    public async Task SendEncodedAsync(ReadOnlyMemory<byte> encoded, CancellationToken cancellationToken)
    {
        await sendLock.WaitAsync(cancellationToken);
        try
        {
            await stream.WriteAsync(encoded, cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }
        finally
        {
            sendLock.Release();
        }
    }

    private Task SendPongAsync(byte[] pingData, CancellationToken cancellationToken)
    {
        // RFC 37: PING is a 2-octet TTL then up to 16 octets of context; PONG echoes the context.
        var context = pingData.Length > 2 ? pingData[2..] : [];
        return SendEncodedAsync(ZmtpCodec.EncodeCommand("PONG", context), cancellationToken);
    }

    private static async Task SendErrorAsync(Stream stream, string reason, CancellationToken cancellationToken)
    {
        var data = new byte[1 + reason.Length];
        data[0] = (byte)reason.Length;
        Encoding.ASCII.GetBytes(reason, data.AsSpan(1));
        try
        {
            await stream.WriteAsync(ZmtpCodec.EncodeCommand("ERROR", data), cancellationToken);
        }
        catch (IOException)
        {
            // The peer is going away anyway.
        }
    }

    private static string ErrorReason(byte[] data) =>
        data.Length > 0 && 1 + data[0] <= data.Length ? Encoding.ASCII.GetString(data, 1, data[0]) : "(no reason)";

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        // The semaphore is not disposed: a sender may still be waiting on it and must fail on
        // the closed stream (IOException), not on a disposed lock.
        await stream.DisposeAsync();
    }
}
