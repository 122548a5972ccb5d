using System.Collections.Concurrent;
using System.Threading.Channels;

namespace MusicGen.Notebooks.Kernel.Zmtp;

/// <summary>
/// PUB (RFC 29): a message goes to every peer that holds a subscription whose prefix matches the
/// message's first frame. Subscriptions arrive as ZMTP 3.0 messages (first octet 1 = subscribe,
/// 0 = cancel, then the prefix) or as ZMTP 3.1 SUBSCRIBE/CANCEL commands; both are accepted from
/// any peer. Subscriptions are counted, not sets: two SUBSCRIBEs need two CANCELs. Publishing
/// never blocks: each peer has a bounded queue drained by its own writer, and a full queue drops
/// the message for that slow peer only.
/// </summary>
internal sealed class PubSocket : ZmtpSocket
{
    /// <summary>Messages a peer may lag behind before we drop messages for it (libzmq's default SNDHWM is 1000).</summary>
    public const int QueueCapacity = 10_000;

    private readonly ConcurrentDictionary<ZmtpConnection, Subscriber> subscribers = new();

    public PubSocket(string name, TextWriter? log) : base(ZmtpSocketType.Pub, name, log) { }

    /// <summary>Peers holding at least one subscription (tests wait on this to avoid the slow-joiner gap).</summary>
    public int SubscribedPeerCount => subscribers.Values.Count(s => s.HasAny);

    /// <summary>Queues the message for every matching subscriber and returns how many matched.</summary>
    public int Send(IReadOnlyList<ReadOnlyMemory<byte>> frames)
    {
        var topic = frames[0].Span;
        byte[]? encoded = null;
        int matched = 0;
        foreach (var s in subscribers.Values)
        {
            if (!s.Matches(topic)) continue;
            encoded ??= ZmtpCodec.EncodeMessage(frames);
            if (s.Queue.Writer.TryWrite(encoded)) matched++;
        }
        return matched;
    }

    protected override bool OnConnected(ZmtpConnection connection)
    {
        var s = new Subscriber();
        subscribers[connection] = s;
        _ = Task.Run(() => DrainAsync(connection, s));
        return true;
    }

    protected override void OnDisconnected(ZmtpConnection connection)
    {
        if (subscribers.TryRemove(connection, out var s)) s.Queue.Writer.TryComplete();
    }

    private async Task DrainAsync(ZmtpConnection connection, Subscriber s)
    {
        await foreach (var encoded in s.Queue.Reader.ReadAllAsync())
            if (!await TrySendAsync(connection, encoded)) break;
    }

    protected override ValueTask OnMessageAsync(ZmtpConnection connection, IReadOnlyList<byte[]> frames)
    {
        // ZMTP 3.0 subscription message: one frame, 0x01/0x00 + prefix. RFC 29: anything else a
        // subscriber sends is discarded.
        if (frames.Count == 1 && frames[0].Length >= 1 && frames[0][0] <= 1 && subscribers.TryGetValue(connection, out var s))
            s.Change(frames[0][1..], subscribe: frames[0][0] == 1);
        return ValueTask.CompletedTask;
    }

    protected override ValueTask OnCommandAsync(ZmtpConnection connection, string name, byte[] data)
    {
        if (subscribers.TryGetValue(connection, out var s))
        {
            if (name == "SUBSCRIBE") s.Change(data, subscribe: true);
            else if (name == "CANCEL") s.Change(data, subscribe: false);
        }
        return ValueTask.CompletedTask;
    }

    private sealed class Subscriber
    {
        private readonly List<byte[]> prefixes = new();

        public Channel<byte[]> Queue { get; } = Channel.CreateBounded<byte[]>(
            new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

        public bool HasAny
        {
            get { lock (prefixes) return prefixes.Count > 0; }
        }

        public void Change(byte[] prefix, bool subscribe)
        {
            lock (prefixes)
            {
                if (subscribe)
                {
                    prefixes.Add(prefix);
                    return;
                }
                int i = prefixes.FindIndex(p => p.AsSpan().SequenceEqual(prefix));
                if (i >= 0) prefixes.RemoveAt(i);
            }
        }

        public bool Matches(ReadOnlySpan<byte> topic)
        {
            lock (prefixes)
            {
                foreach (var p in prefixes)
                    if (topic.StartsWith(p)) return true;
                return false;
            }
        }
    }
}
