using System.Buffers.Binary;
using MusicGen.IO;

namespace MusicGen.Audio;

/// <summary>
/// 16-bit PCM mono WAV (RIFF) files, header written field by field: "RIFF", size, "WAVE", a
/// 16-byte "fmt " chunk (format 1 = PCM, 1 channel, sample rate, byte rate, block align 2,
/// 16 bits) and a "data" chunk, all little-endian (Microsoft/IBM RIFF WAVE spec, 1991).
/// Samples in [−1, 1] map to round(x·32767), clamped, so −1 → −32767 and +1 → +32767.
/// </summary>
public static class Wav
{
    /// <summary>Bytes before the first sample.</summary>
    public const int HeaderSize = 44;

    /// <summary>The whole file in memory (44-byte header + 2 bytes per sample).</summary>
    public static byte[] ToBytes(ReadOnlySpan<float> samples, int sampleRate = 22050)
    {
        if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "Sample rate must be positive.");
        long dataBytes = 2L * samples.Length;
        if (HeaderSize + dataBytes > uint.MaxValue) throw new ArgumentException("Too many samples for one WAV file (4 GiB RIFF limit).", nameof(samples));
        var bytes = new byte[HeaderSize + dataBytes];
        var h = bytes.AsSpan();
        "RIFF"u8.CopyTo(h);
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], (uint)(36 + dataBytes)); // file size − 8
        "WAVE"u8.CopyTo(h[8..]);
        "fmt "u8.CopyTo(h[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[16..], 16);                     // fmt chunk size
        BinaryPrimitives.WriteUInt16LittleEndian(h[20..], 1);                      // PCM
        BinaryPrimitives.WriteUInt16LittleEndian(h[22..], 1);                      // mono
        BinaryPrimitives.WriteUInt32LittleEndian(h[24..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(h[28..], (uint)sampleRate * 2);   // byte rate
        BinaryPrimitives.WriteUInt16LittleEndian(h[32..], 2);                      // block align
        BinaryPrimitives.WriteUInt16LittleEndian(h[34..], 16);                     // bits per sample
        "data"u8.CopyTo(h[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[40..], (uint)dataBytes);
        for (int i = 0; i < samples.Length; i++)
            BinaryPrimitives.WriteInt16LittleEndian(h[(HeaderSize + 2 * i)..], ToInt16(samples[i]));
        return bytes;
    }

    /// <summary>Writes a WAV file atomically: to a temporary file beside it, then renamed.</summary>
    public static void Write(string path, ReadOnlySpan<float> samples, int sampleRate = 22050)
    {
        var bytes = ToBytes(samples, sampleRate);
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        AtomicFile.WriteAllBytes(full, bytes);
    }

    /// <summary>Reads a file this class wrote (16-bit PCM mono); other formats are rejected with
    /// the file name and the byte offset of the offending field.</summary>
    public static (float[] Samples, int SampleRate) Read(string path) => FromBytes(File.ReadAllBytes(path), path);

    /// <summary>Parses 16-bit PCM mono WAV bytes; chunks other than "fmt " and "data" are skipped.</summary>
    public static (float[] Samples, int SampleRate) FromBytes(ReadOnlySpan<byte> bytes, string source = "WAV data")
    {
        if (bytes.Length < 12 || !bytes[..4].SequenceEqual("RIFF"u8) || !bytes[8..12].SequenceEqual("WAVE"u8))
            throw new InvalidDataException($"{source}: not a RIFF WAVE file (byte 0).");
        int pos = 12, sampleRate = 0;
        bool haveFormat = false;
        while (pos + 8 <= bytes.Length)
        {
            var id = bytes.Slice(pos, 4);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(pos + 4)..]);
            int body = pos + 8;
            if (body + size > bytes.Length) throw new InvalidDataException($"{source}: chunk at byte {pos} runs past the end of the file.");
            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16) throw new InvalidDataException($"{source}: fmt chunk too short at byte {pos}.");
                int format = BinaryPrimitives.ReadUInt16LittleEndian(bytes[body..]);
                int channels = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(body + 2)..]);
                int bits = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(body + 14)..]);
                if (format != 1 || channels != 1 || bits != 16)
                    throw new InvalidDataException($"{source}: only 16-bit PCM mono is supported (format {format}, {channels} channels, {bits} bits at byte {body}).");
                sampleRate = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes[(body + 4)..]);
                haveFormat = true;
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (!haveFormat) throw new InvalidDataException($"{source}: data chunk before fmt chunk at byte {pos}.");
                var samples = new float[size / 2];
                for (int i = 0; i < samples.Length; i++)
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes[(body + 2 * i)..]) / 32767f;
                return (samples, sampleRate);
            }
            pos = body + (int)size + (int)(size & 1); // RIFF chunks are padded to even sizes
        }
        throw new InvalidDataException($"{source}: no data chunk found (read to byte {pos}).");
    }

    /// <summary>[−1, 1] → int16: round(x·32767), clamped; NaN becomes 0.</summary>
    internal static short ToInt16(float x)
    {
        if (float.IsNaN(x)) return 0;
        return (short)Math.Round(Math.Clamp(x, -1f, 1f) * 32767.0);
    }
}
