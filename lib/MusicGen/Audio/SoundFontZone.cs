namespace MusicGen.Audio;

/// <summary>
/// One zone of a SoundFont 2 preset or instrument (SF2 spec §7.3/§7.7 "bag"): its generators
/// (generator number → 16-bit amount, §8.1.2) and what it points to: an instrument index (preset
/// zone, generator 41) or a sample index (instrument zone, generator 53); −1 for a global zone,
/// whose generators are the defaults of the other zones. Modulators are not kept: the sampler
/// applies only the default velocity → attenuation modulator (§8.4.2).
/// </summary>
public sealed class SoundFontZone
{
    public SoundFontZone(IReadOnlyDictionary<int, short> generators, int target)
    {
        ArgumentNullException.ThrowIfNull(generators);
        Generators = generators;
        Target = target;
    }

    /// <summary>Generator number → amount (signed; ranges are two bytes lo, hi: see <see cref="Range"/>).</summary>
    public IReadOnlyDictionary<int, short> Generators { get; }

    /// <summary>Instrument index (preset zone) or sample index (instrument zone); −1 for a global zone.</summary>
    public int Target { get; }

    public bool IsGlobal => Target < 0;

    /// <summary>A key or velocity range generator (43 keyRange, 44 velRange): low byte = lo, high byte = hi;
    /// 0–127 when absent.</summary>
    public (int Lo, int Hi) Range(int generator) =>
        Generators.TryGetValue(generator, out var v) ? (v & 0xFF, (v >> 8) & 0xFF) : (0, 127);

    /// <summary>True when <paramref name="key"/> and <paramref name="velocity"/> fall in this zone's ranges.</summary>
    public bool Covers(int key, int velocity)
    {
        var (kl, kh) = Range(SoundFontGenerator.KeyRange);
        var (vl, vh) = Range(SoundFontGenerator.VelRange);
        return key >= kl && key <= kh && velocity >= vl && velocity <= vh;
    }
}
