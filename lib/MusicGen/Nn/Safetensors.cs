using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using MusicGen.IO;

namespace MusicGen.Nn;

/// <summary>
/// Reads and writes the safetensors format (https://github.com/huggingface/safetensors, "Format"): an 8-byte
/// little-endian header length N, N bytes of JSON mapping each tensor name to {"dtype", "shape", "data_offsets":
/// [begin, end]} (offsets relative to the end of the header) plus an optional "__metadata__" map of strings, then
/// the raw little-endian data. With PyTorch's parameter names this moves weights between this engine and PyTorch
/// in both directions.
/// </summary>
/// <remarks>
/// Writing produces F32 tensors, a header padded with spaces to a multiple of 8 bytes (as the reference writer
/// does) and an atomic file: a temporary file in the same folder renamed over the target. Reading accepts F32,
/// F64, F16, BF16, I64, I32, I16, I8, U8 and BOOL and converts to float32 (for example BatchNorm's int64
/// num_batches_tracked).
/// </remarks>
public static class Safetensors
{
    /// <summary>Writes <paramref name="tensors"/> (name → tensor) and optional string metadata to <paramref name="path"/>.</summary>
    public static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var list = tensors.ToList();
        using var header = new MemoryStream();
        using (var w = new Utf8JsonWriter(header))
        {
            w.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                w.WriteStartObject("__metadata__");
                foreach (var (k, v) in metadata) w.WriteString(k, v);
                w.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, t) in list)
            {
                if (name == "__metadata__") throw new ArgumentException("\"__metadata__\" is reserved and cannot name a tensor", nameof(tensors));
                w.WriteStartObject(name);
                w.WriteString("dtype", "F32");
                w.WriteStartArray("shape");
                foreach (int d in t._shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                offset += 4L * t.NumEl;
                w.WriteNumberValue(offset);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        int pad = (int)((8 - header.Length % 8) % 8);
        for (int i = 0; i < pad; i++) header.WriteByte((byte)' ');

        string full = Path.GetFullPath(path);
        AtomicFile.Write(full, fs =>
        {
            Span<byte> len = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)header.Length);
            fs.Write(len);
            header.Position = 0;
            header.CopyTo(fs);
            Span<byte> b = stackalloc byte[4];
            foreach (var (_, t) in list)
            {
                var span = t.Span;
                if (BitConverter.IsLittleEndian) fs.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(span));
                else foreach (var v in span) { BinaryPrimitives.WriteSingleLittleEndian(b, v); fs.Write(b); }
            }
        });
    }

    /// <summary>Writes a module's <see cref="Module.StateDict"/> (PyTorch names) with optional metadata.</summary>
    public static void Save(string path, Module module, IReadOnlyDictionary<string, string>? metadata = null) => Save(path, module.StateDict(), metadata);

    /// <summary>Reads every tensor of a safetensors file, as float32, in file order.</summary>
    public static Dictionary<string, Tensor> Load(string path) => Read(path).Tensors;

    /// <summary>Reads the "__metadata__" map (empty when absent).</summary>
    public static Dictionary<string, string> LoadMetadata(string path) => Read(path).Metadata;

    /// <summary>Reads tensors and metadata; throws <see cref="InvalidDataException"/> naming the file and the defect.</summary>
    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        string Bad(string what) => $"{path}: {what}; the file is not a valid safetensors file (re-save it, or check that the download is complete)";
        if (bytes.Length < 8) throw new InvalidDataException(Bad($"only {bytes.Length} bytes, shorter than the 8-byte header length"));
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (n > (ulong)(bytes.Length - 8)) throw new InvalidDataException(Bad($"header length {n} exceeds the {bytes.Length - 8} bytes after it"));
        int dataStart = 8 + (int)n;
        JsonDocument doc;
        try { doc = JsonDocument.Parse(bytes.AsMemory(8, (int)n)); }
        catch (JsonException e) { throw new InvalidDataException(Bad($"header is not valid JSON ({e.Message})")); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidDataException(Bad("header is not a JSON object"));
            var tensors = new Dictionary<string, Tensor>();
            var meta = new Dictionary<string, string>();
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (prop.Name == "__metadata__")
                {
                    foreach (var m in prop.Value.EnumerateObject()) meta[m.Name] = m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()! : m.Value.GetRawText();
                    continue;
                }
                tensors[prop.Name] = ReadTensor(prop, bytes, dataStart, Bad);
            }
            return (tensors, meta);
        }
    }

    static Tensor ReadTensor(JsonProperty prop, byte[] bytes, int dataStart, Func<string, string> bad)
    {
        var e = prop.Value;
        if (!e.TryGetProperty("dtype", out var dt) || !e.TryGetProperty("shape", out var sh) || !e.TryGetProperty("data_offsets", out var off))
            throw new InvalidDataException(bad($"tensor \"{prop.Name}\" lacks dtype, shape or data_offsets"));
        string dtype = dt.GetString() ?? "";
        var shape = sh.EnumerateArray().Select(x => x.GetInt32()).ToArray();
        var offs = off.EnumerateArray().Select(x => x.GetInt64()).ToArray();
        int size = dtype switch { "F64" or "I64" => 8, "F32" or "I32" => 4, "F16" or "BF16" or "I16" => 2, "I8" or "U8" or "BOOL" => 1, _ => 0 };
        if (size == 0) throw new InvalidDataException(bad($"tensor \"{prop.Name}\" has unsupported dtype {dtype}"));
        int count = Tensor.Numel(shape);
        if (offs.Length != 2 || offs[1] - offs[0] != (long)count * size || offs[0] < 0 || dataStart + offs[1] > bytes.Length)
            throw new InvalidDataException(bad($"tensor \"{prop.Name}\" has data_offsets [{string.Join(", ", offs)}] that do not fit shape {Tensor.ShapeString(shape)} of {dtype} within the file"));
        var src = bytes.AsSpan(dataStart + (int)offs[0], count * size);
        var data = new float[count];
        for (int i = 0; i < count; i++)
        {
            var b = src.Slice(i * size, size);
            data[i] = dtype switch
            {
                "F32" => BinaryPrimitives.ReadSingleLittleEndian(b),
                "F64" => (float)BinaryPrimitives.ReadDoubleLittleEndian(b),
                "F16" => (float)BinaryPrimitives.ReadHalfLittleEndian(b),
                "BF16" => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(b) << 16),
                "I64" => BinaryPrimitives.ReadInt64LittleEndian(b),
                "I32" => BinaryPrimitives.ReadInt32LittleEndian(b),
                "I16" => BinaryPrimitives.ReadInt16LittleEndian(b),
                "I8" => (sbyte)b[0],
                _ => b[0],
            };
        }
        return new Tensor(data, shape);
    }
}
