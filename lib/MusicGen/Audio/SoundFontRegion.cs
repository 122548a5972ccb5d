namespace MusicGen.Audio;

/// <summary>
/// What one voice plays for a key and velocity: a sample and its generators already combined
/// (SF2 spec §9.4: the instrument zone's value, or the instrument's global zone's, or the default,
/// plus the preset zone's and preset global zone's offsets). <see cref="Generator"/> gives any of them.
/// </summary>
public sealed class SoundFontRegion
{
    readonly int[] values;

    internal SoundFontRegion(SoundFontSample sample, int[] values)
    {
        Sample = sample;
        this.values = values;
    }

    public SoundFontSample Sample { get; }

    /// <summary>The combined amount of generator <paramref name="generator"/> (0–60).</summary>
    public int Generator(int generator) => values[generator];

    /// <summary>Sample points [Start, End) to play and the loop [LoopStart, LoopEnd), after the
    /// address offsets (fine + 32768 × coarse, §8.1.2 generators 0–4, 12, 45, 50).</summary>
    public long Start => Sample.Start + values[SoundFontGenerator.StartAddrsOffset] + 32768L * values[SoundFontGenerator.StartAddrsCoarseOffset];
    public long End => Sample.End + values[SoundFontGenerator.EndAddrsOffset] + 32768L * values[SoundFontGenerator.EndAddrsCoarseOffset];
    public long LoopStart => Sample.LoopStart + values[SoundFontGenerator.StartloopAddrsOffset] + 32768L * values[SoundFontGenerator.StartloopAddrsCoarseOffset];
    public long LoopEnd => Sample.LoopEnd + values[SoundFontGenerator.EndloopAddrsOffset] + 32768L * values[SoundFontGenerator.EndloopAddrsCoarseOffset];

    /// <summary>sampleModes (§8.1.2 #54): 1 loops while sounding, 3 loops until release then plays to the end, 0/2 no loop.</summary>
    public int LoopMode => values[SoundFontGenerator.SampleModes];

    /// <summary>The sample's root key: overridingRootKey when set, else the recorded pitch (255 → 60).</summary>
    public int RootKey => values[SoundFontGenerator.OverridingRootKey] >= 0
        ? values[SoundFontGenerator.OverridingRootKey]
        : Sample.OriginalPitch is >= 0 and <= 127 ? Sample.OriginalPitch : 60;

    /// <summary>Sample points advanced per output sample for MIDI key <paramref name="key"/> at
    /// <paramref name="outputRate"/>: 2^(cents/1200)·sampleRate/outputRate with cents = (key − root)·scaleTuning
    /// + 100·coarseTune + fineTune + the sample's pitch correction (§8.1.2 #51, #52, #56; §7.10).</summary>
    public double Step(int key, int outputRate)
    {
        int k = values[SoundFontGenerator.Keynum] >= 0 ? values[SoundFontGenerator.Keynum] : key;
        double cents = (k - RootKey) * values[SoundFontGenerator.ScaleTuning] + 100.0 * values[SoundFontGenerator.CoarseTune]
            + values[SoundFontGenerator.FineTune] + Sample.PitchCorrection;
        return Math.Pow(2, cents / 1200.0) * Sample.SampleRate / outputRate;
    }

    /// <summary>The volume envelope for <paramref name="key"/>: delay, attack, hold, decay and release in
    /// seconds, sustain as an attenuation in cB (hold and decay scaled by keynumToVolEnvHold/Decay:
    /// timecents += amount·(60 − key), §8.1.2 #39, #40).</summary>
    public SoundFontEnvelope Envelope(int key)
    {
        static double Seconds(int timecents) => Math.Pow(2, timecents / 1200.0);
        int k = values[SoundFontGenerator.Keynum] >= 0 ? values[SoundFontGenerator.Keynum] : key;
        return new SoundFontEnvelope(
            Seconds(values[SoundFontGenerator.DelayVolEnv]),
            Seconds(values[SoundFontGenerator.AttackVolEnv]),
            Seconds(values[SoundFontGenerator.HoldVolEnv] + values[SoundFontGenerator.KeynumToVolEnvHold] * (60 - k)),
            Seconds(values[SoundFontGenerator.DecayVolEnv] + values[SoundFontGenerator.KeynumToVolEnvDecay] * (60 - k)),
            Math.Clamp(values[SoundFontGenerator.SustainVolEnv], 0, 1440),
            Seconds(values[SoundFontGenerator.ReleaseVolEnv]));
    }

    /// <summary>Linear gain from initialAttenuation (cB, §8.1.2 #48) and velocity through the default
    /// velocity → attenuation modulator (§8.4.2: negative concave, 960 cB, i.e. 40·log10(127/v) dB, capped at 96 dB).</summary>
    public double Gain(int velocity)
    {
        int v = values[SoundFontGenerator.Velocity] >= 0 ? values[SoundFontGenerator.Velocity] : velocity;
        double velocityCb = v <= 0 ? 960 : Math.Min(960, 400 * Math.Log10(127.0 / v));
        double cb = Math.Max(0, values[SoundFontGenerator.InitialAttenuation]) + velocityCb;
        return Math.Pow(10, -cb / 200.0);
    }

    public override string ToString() => $"{Sample.Name} root {RootKey} [{Start}, {End}) loop [{LoopStart}, {LoopEnd}) mode {LoopMode}";
}
