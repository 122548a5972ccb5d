namespace MusicGen.Audio;

/// <summary>A SoundFont 2 preset (SF2 spec §7.2 "phdr"): name, MIDI bank (0 melodic, 128 GM
/// percussion) and program, and its zones (the first may be global, see <see cref="SoundFontZone"/>).</summary>
public sealed record SoundFontPreset(string Name, int Bank, int Program, IReadOnlyList<SoundFontZone> Zones)
{
    public override string ToString() => $"{Bank:000}:{Program:000} {Name}";
}
