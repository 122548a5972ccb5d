namespace MusicGen.Audio;

/// <summary>
/// A sample header of a SoundFont 2 file (SF2 spec §7.10 "shdr", 46 bytes each): positions are
/// sample points from the start of the smpl chunk; <see cref="End"/> and <see cref="LoopEnd"/> are
/// the first point AFTER the sample and after the loop (the loop plays LoopStart … LoopEnd−1).
/// <see cref="OriginalPitch"/> is the MIDI key recorded (255 = unpitched, treated as 60), and
/// <see cref="PitchCorrection"/> a correction in cents; <see cref="Type"/> 1 mono, 2 right, 4 left, 8 linked.
/// </summary>
public sealed record SoundFontSample(
    string Name, long Start, long End, long LoopStart, long LoopEnd, int SampleRate, int OriginalPitch, int PitchCorrection, int Link, int Type);
