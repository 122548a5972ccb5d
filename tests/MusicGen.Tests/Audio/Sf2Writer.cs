using System.Buffers.Binary;
using System.Text;

namespace MusicGen.Tests.Audio;

/// <summary>
/// Writes small SoundFont 2 files for the sampler tests (our own writer, RIFF "sfbk" as in the SF2
/// spec §4–§7: INFO/ifil+INAM, sdta/smpl with 46 zero points after each sample, and the nine pdta
/// chunks with their terminal records). Generators are (number, amount) pairs in the order given;
/// the writer appends the instrument / sampleID generator that ends each non-global zone.
/// </summary>
internal sealed class Sf2Writer
{
    public sealed record Sample(string Name, short[] Points, int SampleRate, int OriginalPitch, int LoopStart, int LoopEnd, int PitchCorrection = 0);

    /// <summary>A zone: generators, and the instrument/sample index it points to (−1 = global zone).</summary>
    public sealed record Zone(int Target, params (int Gen, int Amount)[] Generators);

    public sealed record Instrument(string Name, params Zone[] Zones);

    public sealed record Preset(string Name, int Bank, int Program, params Zone[] Zones);

    public List<Sample> Samples { get; } = [];
    public List<Instrument> Instruments { get; } = [];
    public List<Preset> Presets { get; } = [];

    /// <summary>A key or velocity range amount (lo in the low byte, hi in the high byte).</summary>
    public static int Range(int lo, int hi) => lo | (hi << 8);

    public byte[] ToBytes()
    {
        // smpl: each sample followed by 46 zero points; shdr positions are absolute point indices.
        var smpl = new MemoryStream();
        var shdr = new MemoryStream();
        long at = 0;
        foreach (var s in Samples)
        {
            foreach (var p in s.Points) Write16(smpl, p);
            for (int i = 0; i < 46; i++) Write16(smpl, 0);
            WriteName(shdr, s.Name);
            Write32(shdr, (uint)at);
            Write32(shdr, (uint)(at + s.Points.Length));
            Write32(shdr, (uint)(at + s.LoopStart));
            Write32(shdr, (uint)(at + s.LoopEnd));
            Write32(shdr, (uint)s.SampleRate);
            shdr.WriteByte((byte)s.OriginalPitch);
            shdr.WriteByte((byte)(sbyte)s.PitchCorrection);
            Write16(shdr, 0);   // link
            Write16(shdr, 1);   // mono
            at += s.Points.Length + 46;
        }
        WriteName(shdr, "EOS");
        shdr.Write(new byte[26]);

        var (inst, ibag, igen) = Headers(Instruments.Select(i => (i.Name, i.Zones, Array.Empty<byte>())).ToList(), 53, 20);
        var (phdr, pbag, pgen) = Headers(Presets.Select(p =>
        {
            var extra = new byte[4 + 12];
            BinaryPrimitives.WriteUInt16LittleEndian(extra, (ushort)p.Program);
            BinaryPrimitives.WriteUInt16LittleEndian(extra.AsSpan(2), (ushort)p.Bank);
            return (p.Name, p.Zones, extra);
        }).ToList(), 41, 20);

        var info = List("INFO", Chunk("ifil", [2, 0, 1, 0]), Chunk("INAM", Encoding.ASCII.GetBytes("Test Bank\0\0")));
        var sdta = List("sdta", Chunk("smpl", smpl.ToArray()));
        var pdta = List("pdta", Chunk("phdr", phdr), Chunk("pbag", pbag), Chunk("pmod", new byte[10]), Chunk("pgen", pgen),
            Chunk("inst", inst), Chunk("ibag", ibag), Chunk("imod", new byte[10]), Chunk("igen", igen), Chunk("shdr", shdr.ToArray()));
        var body = new MemoryStream();
        body.Write("sfbk"u8);
        body.Write(info);
        body.Write(sdta);
        body.Write(pdta);
        return Chunk("RIFF", body.ToArray());
    }

    /// <summary>Header records (name, the extra bytes a preset has before its bag index), bags and
    /// generators, each with its terminal record.</summary>
    static (byte[] Headers, byte[] Bags, byte[] Gens) Headers(List<(string Name, Zone[] Zones, byte[] Extra)> items, int terminal, int nameBytes)
    {
        var headers = new MemoryStream();
        var bags = new MemoryStream();
        var gens = new MemoryStream();
        int bag = 0, gen = 0;
        void Header(string name, byte[] extra, int bagIndex)
        {
            WriteName(headers, name);
            headers.Write(extra.AsSpan(0, Math.Min(4, extra.Length)));
            Write16(headers, bagIndex);
            if (extra.Length > 4) headers.Write(extra.AsSpan(4));   // preset: library, genre, morphology
        }
        foreach (var (name, zones, extra) in items)
        {
            Header(name, extra, bag);
            foreach (var z in zones)
            {
                Write16(bags, gen);
                Write16(bags, 0);
                foreach (var (g, amount) in z.Generators) { Write16(gens, g); Write16(gens, amount); gen++; }
                if (z.Target >= 0) { Write16(gens, terminal); Write16(gens, z.Target); gen++; }
                bag++;
            }
        }
        Header(terminal == 41 ? "EOP" : "EOI", items.Count > 0 ? new byte[items[0].Extra.Length] : [], bag);
        Write16(bags, gen);
        Write16(bags, 0);
        gens.Write(new byte[4]);
        return (headers.ToArray(), bags.ToArray(), gens.ToArray());
    }

    static byte[] Chunk(string id, byte[] data)
    {
        var ms = new MemoryStream();
        ms.Write(Encoding.ASCII.GetBytes(id));
        Write32(ms, (uint)data.Length);
        ms.Write(data);
        if (data.Length % 2 == 1) ms.WriteByte(0);
        return ms.ToArray();
    }

    static byte[] List(string type, params byte[][] chunks)
    {
        var body = new MemoryStream();
        body.Write(Encoding.ASCII.GetBytes(type));
        foreach (var c in chunks) body.Write(c);
        return Chunk("LIST", body.ToArray());
    }

    static void WriteName(Stream s, string name)
    {
        var b = new byte[20];
        Encoding.ASCII.GetBytes(name).AsSpan(0, Math.Min(19, name.Length)).CopyTo(b);
        s.Write(b);
    }

    static void Write16(Stream s, int v)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteInt16LittleEndian(b, unchecked((short)v));
        s.Write(b);
    }

    static void Write32(Stream s, uint v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        s.Write(b);
    }
}
