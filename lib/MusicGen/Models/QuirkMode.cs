namespace MusicGen.Models;

/// <summary>Whether a preset reproduces its seed's documented quirk or a corrected variant.</summary>
public enum QuirkMode
{
    /// <summary>As the seed's code does it (e.g. the TF tutorial feeds generated pitches back unscaled, SOURCES.md §3.4; Classical-Piano-Composer decodes greedily, §1.4).</summary>
    Faithful,

    /// <summary>The corrected variant (e.g. pitch-step-duration scales fed-back pitches by 1/128; notes-and-chords samples with the <see cref="Sampler"/>).</summary>
    Fixed,
}
