using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MusicGen.IO;

namespace MusicGen.Data;

/// <summary>
/// NumPy <c>.npy</c> files (format version 1.0, numpy.lib.format): the magic <c>\x93NUMPY</c>,
/// version bytes 1 0, a little-endian uint16 header length, then an ASCII Python-dict header
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (R, C), }</c> padded with spaces and
/// ended by '\n' so the data starts at a multiple of 64 bytes, then the float32 data in C order.
/// This is what <c>musicgen midi roll --out F.npy</c> writes and <c>numpy.load</c> reads.
/// </summary>
public static class Npy
{
    // 0x93 then "NUMPY" (a u8 literal would encode U+0093 as two bytes).
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Writes a (rows, columns) float32 array, C order, atomically (temp file + rename).</summary>
    public static void Write(string path, float[,] array)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(array);
        var bytes = ToBytes(array);
        var full = Path.GetFullPath(path);
        AtomicFile.WriteAllBytes(full, bytes);
    }

    /// <summary>The complete file contents for <paramref name="array"/>.</summary>
    public static byte[] ToBytes(float[,] array)
    {
        ArgumentNullException.ThrowIfNull(array);
        int rows = array.GetLength(0), cols = array.GetLength(1);
        var dict = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({rows}, {cols}), }}";
        // magic (6) + version (2) + header length (2) + dict + padding + '\n' ≡ 0 (mod 64).
        var unpadded = 10 + dict.Length + 1;
        var headerLength = dict.Length + 1 + (64 - unpadded % 64) % 64;
        var result = new byte[10 + headerLength + 4L * rows * cols];
        Magic.CopyTo(result);
        result[6] = 1;
        result[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(8), (ushort)headerLength);
        var header = result.AsSpan(10, headerLength);
        header.Fill((byte)' ');
        Encoding.ASCII.GetBytes(dict, header);
        header[^1] = (byte)'\n';
        var data = result.AsSpan(10 + headerLength);
        var i = 0;
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++, i += 4)
                BinaryPrimitives.WriteSingleLittleEndian(data[i..], array[r, c]);
        return result;
    }

    /// <summary>Reads a 2-D (or 1-D, as one row) little-endian float32 or float64 <c>.npy</c> file
    /// (format 1.0–3.0) in C order into float[rows, columns]. Throws <see cref="FormatException"/>
    /// naming the file and what is wrong.</summary>
    public static float[,] Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            return FromBytes(File.ReadAllBytes(path));
        }
        catch (FormatException e)
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Parses .npy file contents (see <see cref="Read"/>).</summary>
    public static float[,] FromBytes(byte[] bytes)
    {
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(Magic)) throw new FormatException("not a .npy file (no \\x93NUMPY magic).");
        int major = bytes[6];
        int headerLength, start;
        if (major == 1) { headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)); start = 10; }
        else if (major is 2 or 3)
        {
            if (bytes.Length < 12) throw new FormatException("truncated header.");
            headerLength = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
            start = 12;
        }
        else throw new FormatException($"unsupported .npy version {major}.{bytes[7]}.");
        if (start + headerLength > bytes.Length) throw new FormatException("truncated header.");
        var header = Encoding.ASCII.GetString(bytes, start, headerLength);
        var descr = HeaderField(header, "descr", @"'([^']*)'");
        var fortran = HeaderField(header, "fortran_order", @"(True|False)");
        var shapeText = HeaderField(header, "shape", @"\(([^)]*)\)");
        if (fortran != "False") throw new FormatException("Fortran-order arrays are not supported.");
        var dims = shapeText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var (rows, cols) = dims.Length switch
        {
            2 => (dims[0], dims[1]),
            1 => (1, dims[0]),
            _ => throw new FormatException($"expected a 1-D or 2-D array, shape is ({shapeText})."),
        };
        var size = descr switch
        {
            "<f4" => 4,
            "<f8" => 8,
            _ => throw new FormatException($"dtype '{descr}' is not supported (expected '<f4' or '<f8')."),
        };
        var dataStart = start + headerLength;
        if (bytes.Length - dataStart != (long)size * rows * cols)
            throw new FormatException($"data has {bytes.Length - dataStart} bytes, shape ({rows}, {cols}) of {descr} needs {(long)size * rows * cols}.");
        var result = new float[rows, cols];
        var data = bytes.AsSpan(dataStart);
        var i = 0;
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++, i += size)
                result[r, c] = size == 4 ? BinaryPrimitives.ReadSingleLittleEndian(data[i..]) : (float)BinaryPrimitives.ReadDoubleLittleEndian(data[i..]);
        return result;
    }

    private static string HeaderField(string header, string key, string valuePattern)
    {
        var m = Regex.Match(header, $@"'{key}'\s*:\s*{valuePattern}");
        if (!m.Success) throw new FormatException($"header has no '{key}': {header.Trim()}");
        return m.Groups[1].Value;
    }
}
