using System.Buffers.Binary;
using System.Text;

namespace MusicGen.Notebooks.Kernel.Zmtp;

/// <summary>
/// ZMTP 3.x framing (RFC 23 §"Framing", §"Commands"). A frame is a flags octet, a size (one octet,
/// or eight octets unsigned big-endian when the LONG bit is set) and the body. Bit 0 is MORE,
/// bit 1 LONG, bit 2 COMMAND; bits 3–7 must be zero. A command body is a name-length octet, the
/// name, then data; READY data is a list of properties (name-length octet, name, 4-octet
/// big-endian value length, value).
/// </summary>
internal static class ZmtpCodec
{
    public const byte MoreFlag = 0x01;
    public const byte LongFlag = 0x02;
    public const byte CommandFlag = 0x04;

    /// <summary>Frames larger than this close the connection: a Jupyter message is far smaller,
    /// and a hostile size must not make us allocate gigabytes.</summary>
    public const long MaxFrameSize = 512L * 1024 * 1024;

    /// <summary>Octets a frame with a body of <paramref name="bodyLength"/> takes on the wire.</summary>
    public static int EncodedLength(int bodyLength) => bodyLength + (bodyLength <= byte.MaxValue ? 2 : 9);

    /// <summary>Writes one frame into <paramref name="destination"/> and returns the octets written.
    /// <paramref name="flags"/> holds MORE and/or COMMAND; LONG is chosen from the size.</summary>
    public static int WriteFrame(Span<byte> destination, byte flags, ReadOnlySpan<byte> body)
    {
        if ((flags & ~(MoreFlag | CommandFlag)) != 0)
            throw new ArgumentException("only MORE and COMMAND may be given; LONG follows from the size", nameof(flags));
        int offset;
        if (body.Length <= byte.MaxValue)
        {
            destination[0] = flags;
            destination[1] = (byte)body.Length;
            offset = 2;
        }
        else
        {
            destination[0] = (byte)(flags | LongFlag);
            BinaryPrimitives.WriteUInt64BigEndian(destination[1..], (ulong)body.Length);
            offset = 9;
        }
        body.CopyTo(destination[offset..]);
        return offset + body.Length;
    }

    /// <summary>Encodes a multipart message: every frame but the last carries MORE. An empty
    /// list is not a message (ZMTP has no zero-frame messages).</summary>
    public static byte[] EncodeMessage(IReadOnlyList<ReadOnlyMemory<byte>> frames)
    {
        if (frames.Count == 0) throw new ArgumentException("a message has at least one frame", nameof(frames));
        int total = 0;
        foreach (var f in frames) total += EncodedLength(f.Length);
        var buffer = new byte[total];
        int at = 0;
        for (int i = 0; i < frames.Count; i++)
            at += WriteFrame(buffer.AsSpan(at), i < frames.Count - 1 ? MoreFlag : (byte)0, frames[i].Span);
        return buffer;
    }

    /// <summary>Encodes a command frame: name-length octet, ASCII name, data.</summary>
    public static byte[] EncodeCommand(string name, ReadOnlySpan<byte> data)
    {
        if (name.Length is 0 or > 255) throw new ArgumentException("a command name has 1–255 characters", nameof(name));
        var body = new byte[1 + name.Length + data.Length];
        body[0] = (byte)name.Length;
        Encoding.ASCII.GetBytes(name, body.AsSpan(1));
        data.CopyTo(body.AsSpan(1 + name.Length));
        var frame = new byte[EncodedLength(body.Length)];
        WriteFrame(frame, CommandFlag, body);
        return frame;
    }

    /// <summary>Splits a command body into its name and data.</summary>
    public static (string Name, byte[] Data) ParseCommand(byte[] body)
    {
        if (body.Length == 0 || body[0] == 0 || 1 + body[0] > body.Length)
            throw new ZmtpException("malformed command: bad name length");
        var name = Encoding.ASCII.GetString(body, 1, body[0]);
        return (name, body[(1 + body[0])..]);
    }

    /// <summary>Encodes READY properties (metadata) in order.</summary>
    public static byte[] EncodeProperties(IEnumerable<KeyValuePair<string, byte[]>> properties)
    {
        using var ms = new MemoryStream();
        Span<byte> len = stackalloc byte[4];
        foreach (var (name, value) in properties)
        {
            if (name.Length is 0 or > 255) throw new ArgumentException($"property name '{name}' must have 1–255 characters");
            ms.WriteByte((byte)name.Length);
            ms.Write(Encoding.ASCII.GetBytes(name));
            BinaryPrimitives.WriteUInt32BigEndian(len, (uint)value.Length);
            ms.Write(len);
            ms.Write(value);
        }
        return ms.ToArray();
    }

    /// <summary>Parses READY properties. Names are case-insensitive (RFC 23), so the dictionary is too.</summary>
    public static Dictionary<string, byte[]> ParseProperties(ReadOnlySpan<byte> data)
    {
        var result = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase);
        int at = 0;
        while (at < data.Length)
        {
            int nameLength = data[at++];
            if (nameLength == 0 || at + nameLength + 4 > data.Length)
                throw new ZmtpException("malformed READY: property name runs past the end");
            var name = Encoding.ASCII.GetString(data.Slice(at, nameLength));
            at += nameLength;
            uint valueLength = BinaryPrimitives.ReadUInt32BigEndian(data[at..]);
            at += 4;
            if (valueLength > (uint)(data.Length - at))
                throw new ZmtpException($"malformed READY: value of '{name}' runs past the end");
            result[name] = data.Slice(at, (int)valueLength).ToArray();
            at += (int)valueLength;
        }
        return result;
    }

    /// <summary>Reads one frame; returns null at a clean end of stream (before the flags octet). A body larger
    /// than <paramref name="maxBodySize"/> is refused from its size field, before anything is allocated.</summary>
    public static async ValueTask<ZmtpFrame?> ReadFrameAsync(Stream stream, CancellationToken cancellationToken, long maxBodySize = MaxFrameSize)
    {
        var head = new byte[9];
        int got = await stream.ReadAtLeastAsync(head.AsMemory(0, 1), 1, throwOnEndOfStream: false, cancellationToken);
        if (got == 0) return null;
        byte flags = head[0];
        if ((flags & 0xF8) != 0) throw new ZmtpException($"frame flags 0x{flags:X2} set reserved bits");
        long size;
        if ((flags & LongFlag) != 0)
        {
            await stream.ReadExactlyAsync(head.AsMemory(1, 8), cancellationToken);
            ulong raw = BinaryPrimitives.ReadUInt64BigEndian(head.AsSpan(1));
            long limit = Math.Min(maxBodySize, MaxFrameSize);
            if (raw > (ulong)Math.Max(limit, 0)) throw new OversizeMessageException(raw, limit);
            size = (long)raw;
        }
        else
        {
            await stream.ReadExactlyAsync(head.AsMemory(1, 1), cancellationToken);
            size = head[1];
        }
        if ((flags & CommandFlag) != 0 && (flags & MoreFlag) != 0)
            throw new ZmtpException("a command frame must not set MORE");
        if (size > maxBodySize) throw new OversizeMessageException((ulong)size, maxBodySize);
        var body = new byte[size];
        if (size > 0) await stream.ReadExactlyAsync(body, cancellationToken);
        return new ZmtpFrame(flags, body);
    }
}
