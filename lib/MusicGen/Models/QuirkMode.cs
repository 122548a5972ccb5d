namespace MusicGen.Models;

/// <summary>Whether a preset reproduces its seed's documented quirk or a corrected variant.</summary>
public enum QuirkMode
{
    /// <summary>As the seed's code does it (e.g. seed 002 feeds generated pitches back unscaled; seed 003 decodes greedily).</summary>
    Faithful,

    /// <summary>The corrected variant (e.g. seed 002 scales fed-back pitches by 1/128; seed 003 samples with the <see cref="Sampler"/>).</summary>
    Fixed,
}
