namespace MusicGen.Audio;

/// <summary>
/// A SoundFont 2 volume envelope (SF2 spec §8.1.2 #33–38 and §9.1.7), times in seconds: after
/// <see cref="Delay"/> the level rises linearly in amplitude from 0 to 1 over <see cref="Attack"/>,
/// stays at 1 for <see cref="Hold"/>, then falls linearly in decibels at 100 dB per <see cref="Decay"/>
/// until it reaches the sustain attenuation <see cref="SustainCb"/> (centibels; 0 = full level). On
/// release the level falls from wherever it is, linearly in decibels at 100 dB per <see cref="Release"/>;
/// the voice ends once it is 100 dB below full level.
/// </summary>
public readonly record struct SoundFontEnvelope(double Delay, double Attack, double Hold, double Decay, double SustainCb, double Release)
{
    /// <summary>The level (linear amplitude, 0–1) <paramref name="t"/> seconds after the note starts,
    /// before any release: the closed form the sampler's running products are checked against.</summary>
    public double Level(double t)
    {
        if (t < Delay) return 0;
        t -= Delay;
        if (t < Attack) return t / Attack;
        t -= Attack;
        if (t < Hold) return 1;
        t -= Hold;
        double db = Math.Min(SustainCb / 10.0, 100.0 * t / Decay);
        return Math.Pow(10, -db / 20.0);
    }

    /// <summary>The level at <paramref name="t"/> when the key was released at <paramref name="released"/>
    /// (seconds after the start; t ≥ released); 0 once it is 100 dB below full level.</summary>
    public double Level(double t, double released)
    {
        if (t < released) return Level(t);
        double start = Level(released);
        if (start <= 0) return 0;
        double db = -20 * Math.Log10(start) + 100.0 * (t - released) / Release;
        return db >= 100 ? 0 : Math.Pow(10, -db / 20.0);
    }

    /// <summary>Seconds after the release until the level is 100 dB below full level (at most <see cref="Release"/>).</summary>
    public double ReleaseLength(double released)
    {
        double start = Level(released);
        return start <= 0 ? 0 : Math.Max(0, (100 + 20 * Math.Log10(start)) / 100.0 * Release);
    }
}
