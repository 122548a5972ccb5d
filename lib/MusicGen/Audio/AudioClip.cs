using MusicGen.Formatting;
using MusicGen.Midi;

namespace MusicGen.Audio;

/// <summary>
/// Mono samples and their rate, shown in a notebook as an HTML <c>&lt;audio&gt;</c> player whose
/// source is the WAV as a base64 data URI (so the notebook file carries the sound with it), with a
/// caption saying what played it (<see cref="PlayedBy"/>).
/// </summary>
[TypeFormatterSource(typeof(AudioClipFormatterSource), PreferredMimeTypes = new[] { "text/plain", "text/html" })]
public sealed class AudioClip
{
    public AudioClip(float[] samples, int sampleRate = 22050)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "Sample rate must be positive.");
        Samples = samples;
        SampleRate = sampleRate;
    }

    /// <summary>Renders a song with the SoundFont <see cref="SoundFontLocator.Default"/> finds
    /// (<see cref="SoundFontSynthesizer"/>), else with the additive <see cref="Synthesizer"/>;
    /// <see cref="PlayedBy"/> says which.</summary>
    public static AudioClip FromSong(MidiSong song, int sampleRate = 22050, bool drums = true)
    {
        var (font, note) = SoundFontLocator.Default();
        return font is not null ? FromSong(song, font, sampleRate, drums) : Synthesize(song, sampleRate, drums, note);
    }

    /// <summary>Renders a song with <paramref name="font"/> (<see cref="SoundFontSynthesizer.Render"/>).</summary>
    public static AudioClip FromSong(MidiSong song, SoundFont font, int sampleRate = 22050, bool drums = true)
    {
        ArgumentNullException.ThrowIfNull(font);
        var presets = SoundFontSynthesizer.PresetsFor(song, font, drums);
        return new(SoundFontSynthesizer.Render(song, font, sampleRate, drums), sampleRate)
        {
            PlayedBy = $"SoundFont {Path.GetFileName(font.Source)}" + (presets.Count == 0 ? "" : $" ({string.Join(", ", presets.Select(p => p.Name))})"),
        };
    }

    /// <summary>Renders a song with the additive <see cref="Synthesizer.Render"/> (whatever SoundFont is installed).</summary>
    public static AudioClip Synthesize(MidiSong song, int sampleRate = 22050, bool drums = true, string why = "") =>
        new(Synthesizer.Render(song, sampleRate, drums), sampleRate) { PlayedBy = "additive synthesizer" + (why.Length > 0 ? $" ({why})" : "") };

    /// <summary>What rendered the clip ("SoundFont FluidR3_GM.sf2 (Yamaha Grand Piano)", "additive
    /// synthesizer (…)"), or "" for samples made elsewhere.</summary>
    public string PlayedBy { get; init; } = "";

    /// <summary>Samples in [−1, 1], shape (N,).</summary>
    public float[] Samples { get; }

    public int SampleRate { get; }

    /// <summary>Length in seconds.</summary>
    public double Duration => (double)Samples.Length / SampleRate;

    /// <summary>The first <paramref name="seconds"/> (a 20 ms fade-out avoids a click), e.g. to keep
    /// a notebook small: a minute of 22.05 kHz audio is about 3.5 MB of base64.</summary>
    public AudioClip Take(double seconds)
    {
        if (!(seconds >= 0)) throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "Length must be ≥ 0 seconds.");
        int n = (int)Math.Min(Samples.Length, Math.Round(seconds * SampleRate));
        var cut = Samples.AsSpan(0, n).ToArray();
        if (n < Samples.Length)
        {
            int fade = Math.Min(n, (int)Math.Round(0.02 * SampleRate));
            for (int i = 0; i < fade; i++) cut[n - 1 - i] *= (float)i / fade;
        }
        return new AudioClip(cut, SampleRate) { PlayedBy = PlayedBy };
    }

    /// <summary>The 16-bit PCM WAV file as bytes.</summary>
    public byte[] ToWavBytes() => Wav.ToBytes(Samples, SampleRate);

    /// <summary>Writes the clip as a WAV file (atomically).</summary>
    public void Save(string path) => Wav.Write(path, Samples, SampleRate);

    /// <summary>An HTML5 audio player with the WAV inline as a data URI, and a caption line saying what played it.</summary>
    public string ToHtml()
    {
        var player = $"<audio controls preload=\"metadata\" src=\"data:audio/wav;base64,{Convert.ToBase64String(ToWavBytes())}\"></audio>";
        return PlayedBy.Length == 0 ? player
            : $"<div>{player}<div style=\"font-size:smaller;color:#555\">played by {System.Net.WebUtility.HtmlEncode(PlayedBy)}</div></div>";
    }

    public override string ToString() =>
        $"AudioClip({Duration.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s, {SampleRate} Hz, mono 16-bit)"
        + (PlayedBy.Length > 0 ? $" played by {PlayedBy}" : "");
}
