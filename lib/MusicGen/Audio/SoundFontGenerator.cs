namespace MusicGen.Audio;

/// <summary>
/// The SoundFont 2 generator numbers the sampler uses (SF2 spec §8.1.2, "Generator Enumerators"),
/// with their defaults (§8.1.3). Times are timecents (seconds = 2^(tc/1200)), levels centibels
/// (cB, 10 cB = 1 dB of attenuation), tuning semitones/cents.
/// </summary>
public static class SoundFontGenerator
{
    public const int StartAddrsOffset = 0, EndAddrsOffset = 1, StartloopAddrsOffset = 2, EndloopAddrsOffset = 3;
    public const int StartAddrsCoarseOffset = 4, EndAddrsCoarseOffset = 12;
    public const int Pan = 17;
    public const int DelayVolEnv = 33, AttackVolEnv = 34, HoldVolEnv = 35, DecayVolEnv = 36, SustainVolEnv = 37, ReleaseVolEnv = 38;
    public const int KeynumToVolEnvHold = 39, KeynumToVolEnvDecay = 40;
    public const int Instrument = 41, KeyRange = 43, VelRange = 44, StartloopAddrsCoarseOffset = 45;
    public const int Keynum = 46, Velocity = 47, InitialAttenuation = 48, EndloopAddrsCoarseOffset = 50;
    public const int CoarseTune = 51, FineTune = 52, SampleId = 53, SampleModes = 54, ScaleTuning = 56;
    public const int ExclusiveClass = 57, OverridingRootKey = 58;

    /// <summary>The default amount of a generator when no zone sets it (§8.1.3): −12000 timecents
    /// (≈1 ms) for envelope times, 100 cents per key for scaleTuning, −1 for keynum/velocity/root key
    /// overrides, 0 otherwise.</summary>
    public static int Default(int generator) => generator switch
    {
        DelayVolEnv or AttackVolEnv or HoldVolEnv or DecayVolEnv or ReleaseVolEnv => -12000,
        ScaleTuning => 100,
        Keynum or Velocity or OverridingRootKey => -1,
        KeyRange or VelRange => 127 << 8,
        _ => 0,
    };

    /// <summary>Generators a preset zone may not set (§8.1.2: sample addresses, keynum, velocity,
    /// sampleModes, exclusiveClass, overridingRootKey); a preset's value for them is ignored.</summary>
    public static bool InstrumentOnly(int generator) => generator is
        StartAddrsOffset or EndAddrsOffset or StartloopAddrsOffset or EndloopAddrsOffset or StartAddrsCoarseOffset
        or EndAddrsCoarseOffset or StartloopAddrsCoarseOffset or EndloopAddrsCoarseOffset or Keynum or Velocity
        or SampleModes or ExclusiveClass or OverridingRootKey or SampleId;
}
