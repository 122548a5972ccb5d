namespace MusicGen.Audio;

/// <summary>A SoundFont 2 instrument (SF2 spec §7.6 "inst"): its name and zones, each pointing to a
/// sample (the first may be global, see <see cref="SoundFontZone"/>).</summary>
public sealed record SoundFontInstrument(string Name, IReadOnlyList<SoundFontZone> Zones);
