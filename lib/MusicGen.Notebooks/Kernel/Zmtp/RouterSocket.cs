using System.Threading.Channels;

namespace MusicGen.Notebooks.Kernel.Zmtp;

/// <summary>
/// ROUTER (RFC 28): every incoming message is tagged with the identity of the peer it came from,
/// and a reply is addressed by that identity. The identity is the peer's READY <c>Identity</c>
/// property when it sent a non-empty one (jupyter_client sends its session id on shell, control
/// and stdin), otherwise 5 generated octets starting with 0x00, as libzmq does, so generated ids
/// never collide with application ids. A second connection with an identity already in use is
/// refused, as libzmq's ROUTER does by default (without ROUTER_HANDOVER): otherwise anyone who read the
/// session id from IOPub could connect under the frontend's identity and take its replies. Messages
/// pass <see cref="Accept"/> (the kernel's signature check) as soon as their frames are in, so
/// unauthenticated data is never queued.
/// </summary>
internal sealed class RouterSocket : ZmtpSocket
{
    private readonly Channel<RoutedMessage> inbox = Channel.CreateUnbounded<RoutedMessage>(
        new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    private readonly Dictionary<string, ZmtpConnection> peers = new(StringComparer.Ordinal);
    private readonly Dictionary<ZmtpConnection, byte[]> identities = new();
    private readonly object gate = new();
    private uint nextGeneratedId = (uint)Random.Shared.Next();

    public RouterSocket(string name, TextWriter? log) : base(ZmtpSocketType.Router, name, log) { }

    /// <summary>Checks a whole incoming message before it is queued; false drops it. Set before binding.</summary>
    public Func<IReadOnlyList<byte[]>, bool>? Accept { get; set; }

    /// <summary>Waits for the next message from any peer.</summary>
    public ValueTask<RoutedMessage> ReceiveAsync(CancellationToken cancellationToken) => inbox.Reader.ReadAsync(cancellationToken);

    /// <summary>Takes a message that has already arrived, without waiting.</summary>
    public bool TryReceive(out RoutedMessage message) => inbox.Reader.TryRead(out message!);

    /// <summary>True when a peer with this identity is connected (e.g. a stdin socket for input_request).</summary>
    public bool HasPeer(byte[] identity)
    {
        lock (gate) return peers.ContainsKey(Key(identity));
    }

    /// <summary>Sends <paramref name="frames"/> to the peer with <paramref name="identity"/>.
    /// Returns false (and drops the message) when no such peer is connected, as RFC 28 says.</summary>
    public async Task<bool> SendAsync(byte[] identity, IReadOnlyList<ReadOnlyMemory<byte>> frames)
    {
        ZmtpConnection? connection;
        lock (gate) peers.TryGetValue(Key(identity), out connection);
        if (connection is null) return false;
        return await TrySendAsync(connection, ZmtpCodec.EncodeMessage(frames));
    }

    protected override bool OnConnected(ZmtpConnection connection)
    {
        lock (gate)
        {
            var identity = connection.PeerIdentity;
            // libzmq reserves identities starting with 0x00 for the ones it generates.
            if (identity.Length == 0 || identity[0] == 0)
            {
                identity = new byte[5];
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(identity.AsSpan(1), nextGeneratedId++);
            }
            var key = Key(identity);
            if (peers.ContainsKey(key))
            {
                LogLine($"refusing peer {connection.Remote}: identity {key} is already connected");
                return false;
            }
            peers[key] = connection;
            identities[connection] = identity;
            return true;
        }
    }

    protected override void OnDisconnected(ZmtpConnection connection)
    {
        lock (gate)
        {
            if (!identities.Remove(connection, out var identity)) return;
            var key = Key(identity);
            if (peers.TryGetValue(key, out var current) && ReferenceEquals(current, connection)) peers.Remove(key);
        }
    }

    protected override ValueTask OnMessageAsync(ZmtpConnection connection, IReadOnlyList<byte[]> frames)
    {
        byte[]? identity;
        lock (gate) identities.TryGetValue(connection, out identity);
        if (identity is null) return ValueTask.CompletedTask;
        if (Accept is { } accept && !accept(frames))
        {
            if (IsLarge(frames)) RequestMemoryRelease();
            return ValueTask.CompletedTask;
        }
        return inbox.Writer.WriteAsync(new RoutedMessage(identity, frames));
    }

    private static string Key(byte[] identity) => Convert.ToHexString(identity);
}
