using System.Buffers.Binary;
using System.Text;

namespace MusicGen.Audio;

/// <summary>
/// A SoundFont 2 file (RIFF form "sfbk", SF2 spec §4–§7; our summary of the parts we use is
/// lib/MusicGen/Audio/SOUNDFONT.md): the INFO name, the presets, instruments and sample headers of
/// the "pdta" list, and the 16-bit sample points of "sdta"/"smpl" (the optional 24-bit "sm24"
/// extension is ignored). Sample points are read from the file only for the samples a song plays
/// (a General MIDI bank is ~140 MB, a piano a few MB of it) and cached as floats in [−1, 1).
/// </summary>
public sealed class SoundFont
{
    readonly string? path;
    readonly byte[]? bytes;
    readonly long smplOffset;
    readonly long smplPoints;
    readonly Dictionary<SoundFontSample, float[]> cache = new();
    readonly Lock gate = new();

    SoundFont(string? path, byte[]? bytes, string source)
    {
        this.path = path;
        this.bytes = bytes;
        Source = source;
        using var stream = path is not null ? (Stream)File.OpenRead(path) : new MemoryStream(bytes!, writable: false);
        var r = new BinaryReader(stream);
        if (Id(r) != "RIFF") throw Bad("not a RIFF file");
        long riffEnd = 8 + (long)r.ReadUInt32();
        if (Id(r) != "sfbk") throw Bad("RIFF form is not 'sfbk' (not a SoundFont 2 file)");
        byte[]? phdr = null, pbag = null, pgen = null, inst = null, ibag = null, igen = null, shdr = null;
        riffEnd = Math.Min(riffEnd, stream.Length);
        while (stream.Position + 8 <= riffEnd)
        {
            var id = Id(r);
            long size = r.ReadUInt32(), end = stream.Position + size;
            if (end > stream.Length) throw Bad($"chunk '{id}' runs past the end of the file");
            if (id == "LIST")
            {
                var type = Id(r);
                while (stream.Position + 8 <= end)
                {
                    var sub = Id(r);
                    long subSize = r.ReadUInt32(), subEnd = stream.Position + subSize;
                    if (subEnd > end) throw Bad($"chunk '{sub}' runs past its '{type}' list");
                    switch (type, sub)
                    {
                        case ("INFO", "INAM"): Name = Text(r.ReadBytes((int)subSize)); break;
                        case ("sdta", "smpl"): smplOffset = stream.Position; smplPoints = subSize / 2; break;
                        case ("pdta", "phdr"): phdr = r.ReadBytes((int)subSize); break;
                        case ("pdta", "pbag"): pbag = r.ReadBytes((int)subSize); break;
                        case ("pdta", "pgen"): pgen = r.ReadBytes((int)subSize); break;
                        case ("pdta", "inst"): inst = r.ReadBytes((int)subSize); break;
                        case ("pdta", "ibag"): ibag = r.ReadBytes((int)subSize); break;
                        case ("pdta", "igen"): igen = r.ReadBytes((int)subSize); break;
                        case ("pdta", "shdr"): shdr = r.ReadBytes((int)subSize); break;
                    }
                    stream.Position = subEnd + (subSize & 1);
                }
            }
            stream.Position = end + (size & 1);
        }
        if (phdr is null || pbag is null || pgen is null || inst is null || ibag is null || igen is null || shdr is null)
            throw Bad("the 'pdta' list lacks one of phdr, pbag, pgen, inst, ibag, igen, shdr");
        if (smplPoints == 0) throw Bad("no 'smpl' sample data");
        Samples = ReadSamples(shdr);
        Instruments = ReadHeaders(inst, 22, (rec, first, zones) => new SoundFontInstrument(Text(rec[..20]), zones), ibag, igen, SoundFontGenerator.SampleId, Samples.Count);
        Presets = ReadHeaders(phdr, 38, (rec, first, zones) =>
            new SoundFontPreset(Text(rec[..20]), BinaryPrimitives.ReadUInt16LittleEndian(rec[22..]), BinaryPrimitives.ReadUInt16LittleEndian(rec[20..]), zones),
            pbag, pgen, SoundFontGenerator.Instrument, Instruments.Count);
    }

    /// <summary>Reads a SoundFont 2 file; throws <see cref="InvalidDataException"/> naming the file and the problem.</summary>
    public static SoundFont Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try { return new SoundFont(path, null, path); }
        catch (Exception e) when (e is EndOfStreamException or ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            throw new InvalidDataException($"{path}: truncated or damaged SoundFont ({e.Message})", e);
        }
    }

    /// <summary>Reads a SoundFont 2 file held in memory (tests build small ones).</summary>
    public static SoundFont FromBytes(byte[] data, string name = "(memory)")
    {
        ArgumentNullException.ThrowIfNull(data);
        try { return new SoundFont(null, data, name); }
        catch (Exception e) when (e is EndOfStreamException or ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            throw new InvalidDataException($"{name}: truncated or damaged SoundFont ({e.Message})", e);
        }
    }

    /// <summary>Where the file came from (its path).</summary>
    public string Source { get; }

    /// <summary>The bank name (INFO/INAM), or "" when absent.</summary>
    public string Name { get; private set; } = "";

    public IReadOnlyList<SoundFontPreset> Presets { get; }
    public IReadOnlyList<SoundFontInstrument> Instruments { get; }
    public IReadOnlyList<SoundFontSample> Samples { get; }

    /// <summary>The preset for a bank and program; for a missing melodic program, bank 0's (General MIDI
    /// says every program sounds); for missing percussion, bank 128 program 0; else null.</summary>
    public SoundFontPreset? FindPreset(int bank, int program) =>
        Presets.FirstOrDefault(p => p.Bank == bank && p.Program == program)
        ?? Presets.FirstOrDefault(p => p.Bank == (bank == 128 ? 128 : 0) && p.Program == (bank == 128 ? 0 : program))
        ?? (bank == 128 ? null : Presets.FirstOrDefault(p => p.Bank == 0 && p.Program == 0));

    /// <summary>Every region (sample + combined generators) that sounds for <paramref name="key"/> at
    /// <paramref name="velocity"/> in <paramref name="preset"/> (SF2 spec §9.4): each preset zone whose
    /// ranges cover them, then each zone of its instrument whose ranges cover them. Instrument values
    /// are absolute (local zone, else the instrument's global zone, else the default); preset values are
    /// added to them (local zone, else the preset's global zone), except sample-address and other
    /// instrument-only generators.</summary>
    public List<SoundFontRegion> Regions(SoundFontPreset preset, int key, int velocity)
    {
        ArgumentNullException.ThrowIfNull(preset);
        var regions = new List<SoundFontRegion>();
        var presetGlobal = preset.Zones.FirstOrDefault(z => z.IsGlobal);
        foreach (var pz in preset.Zones)
        {
            if (pz.IsGlobal || !pz.Covers(key, velocity) || pz.Target >= Instruments.Count) continue;
            var instrument = Instruments[pz.Target];
            var instGlobal = instrument.Zones.FirstOrDefault(z => z.IsGlobal);
            foreach (var iz in instrument.Zones)
            {
                if (iz.IsGlobal || !iz.Covers(key, velocity) || iz.Target >= Samples.Count) continue;
                var values = new int[61];
                for (int g = 0; g < values.Length; g++)
                {
                    values[g] = iz.Generators.TryGetValue(g, out var v) ? v
                        : instGlobal is not null && instGlobal.Generators.TryGetValue(g, out var gv) ? gv
                        : SoundFontGenerator.Default(g);
                    if (SoundFontGenerator.InstrumentOnly(g) || g is SoundFontGenerator.KeyRange or SoundFontGenerator.VelRange or SoundFontGenerator.Instrument) continue;
                    if (pz.Generators.TryGetValue(g, out var pv)) values[g] += pv;
                    else if (presetGlobal is not null && presetGlobal.Generators.TryGetValue(g, out var pgv)) values[g] += pgv;
                }
                regions.Add(new SoundFontRegion(Samples[iz.Target], values));
            }
        }
        return regions;
    }

    /// <summary>The sample points of <paramref name="sample"/>'s whole span in the smpl chunk (from its
    /// start to its end plus the 46 guard points the spec requires, clipped to the chunk), as floats
    /// v/32768; index 0 is point <see cref="SoundFontSample.Start"/>.</summary>
    public float[] SamplePoints(SoundFontSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        lock (gate)
        {
            if (cache.TryGetValue(sample, out var cached)) return cached;
            long from = Math.Clamp(sample.Start, 0, smplPoints);
            long to = Math.Clamp(Math.Max(sample.End, sample.LoopEnd) + 46, from, smplPoints);
            var raw = new byte[2 * (to - from)];
            if (bytes is not null) Array.Copy(bytes, smplOffset + 2 * from, raw, 0, raw.Length);
            else
            {
                using var f = File.OpenHandle(path!);
                int got = 0;
                while (got < raw.Length)
                {
                    int n = RandomAccess.Read(f, raw.AsSpan(got), smplOffset + 2 * from + got);
                    if (n == 0) throw new InvalidDataException($"{Source}: sample '{sample.Name}' runs past the end of the file");
                    got += n;
                }
            }
            var points = new float[raw.Length / 2];
            for (int i = 0; i < points.Length; i++) points[i] = BinaryPrimitives.ReadInt16LittleEndian(raw.AsSpan(2 * i)) / 32768f;
            cache[sample] = points;
            return points;
        }
    }

    List<SoundFontSample> ReadSamples(byte[] shdr)
    {
        var list = new List<SoundFontSample>();
        for (int i = 0; i + 46 <= shdr.Length - 46; i += 46)   // the last record is the terminal "EOS"
        {
            var s = shdr.AsSpan(i, 46).ToArray();
            uint U(int at) => BinaryPrimitives.ReadUInt32LittleEndian(s.AsSpan(at));
            list.Add(new SoundFontSample(Text(s.AsSpan(0, 20)), U(20), U(24), U(28), U(32), (int)U(36), s[40], (sbyte)s[41],
                BinaryPrimitives.ReadUInt16LittleEndian(s.AsSpan(42)), BinaryPrimitives.ReadUInt16LittleEndian(s.AsSpan(44))));
        }
        foreach (var s in list)
            if (s.Start > s.End || s.End > smplPoints || s.SampleRate <= 0)
                throw Bad($"sample '{s.Name}' has start {s.Start}, end {s.End}, rate {s.SampleRate} outside the {smplPoints} sample points");
        return list;
    }

    /// <summary>Presets or instruments: header records of <paramref name="size"/> bytes whose last two bytes
    /// are the first bag index (the next record's index ends the range; the last record is a terminal);
    /// each bag's generators run to the next bag's. A zone whose last generator is
    /// <paramref name="terminal"/> points to that index; the first zone without it is the global zone.</summary>
    static List<T> ReadHeaders<T>(byte[] headers, int size, Func<byte[], int, List<SoundFontZone>, T> make, byte[] bags, byte[] gens, int terminal, int targets)
    {
        int Bag(int i) => BinaryPrimitives.ReadUInt16LittleEndian(bags.AsSpan(4 * i));
        int records = headers.Length / size;
        var list = new List<T>();
        for (int h = 0; h + 1 < records; h++)
        {
            var rec = headers.AsSpan(h * size, size).ToArray();
            int bagFrom = BinaryPrimitives.ReadUInt16LittleEndian(rec.AsSpan(size - 2 - (size == 38 ? 12 : 0)));
            int bagTo = BinaryPrimitives.ReadUInt16LittleEndian(headers.AsSpan((h + 1) * size + size - 2 - (size == 38 ? 12 : 0)));
            var zones = new List<SoundFontZone>();
            for (int b = bagFrom; b < bagTo && 4 * (b + 1) + 4 <= bags.Length; b++)
            {
                var generators = new Dictionary<int, short>();
                int target = -1;
                for (int g = Bag(b); g < Bag(b + 1) && 4 * g + 4 <= gens.Length; g++)
                {
                    int oper = BinaryPrimitives.ReadUInt16LittleEndian(gens.AsSpan(4 * g));
                    short amount = BinaryPrimitives.ReadInt16LittleEndian(gens.AsSpan(4 * g + 2));
                    if (oper == terminal) { target = (ushort)amount; break; }   // generators after it are ignored (§7.5)
                    generators[oper] = amount;
                }
                if (target < 0 && b != bagFrom) continue;   // only the first zone may be global
                if (target >= targets) continue;
                zones.Add(new SoundFontZone(generators, target));
            }
            list.Add(make(rec, bagFrom, zones));
        }
        return list;
    }

    InvalidDataException Bad(string what) => new($"{Source}: {what}");

    static string Id(BinaryReader r) => Encoding.ASCII.GetString(r.ReadBytes(4));

    static string Text(ReadOnlySpan<byte> b)
    {
        int n = b.IndexOf((byte)0);
        return Encoding.Latin1.GetString(n < 0 ? b : b[..n]).Trim();
    }

    public override string ToString() => $"SoundFont({Path.GetFileName(Source)}: {Presets.Count} presets, {Samples.Count} samples)";
}
