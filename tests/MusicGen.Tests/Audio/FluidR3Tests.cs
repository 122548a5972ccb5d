using MusicGen.Audio;
using MusicGen.Midi;

namespace MusicGen.Tests.Audio;

/// <summary>
/// The sampler on a real General MIDI bank: Debian's FluidR3_GM.sf2 (package fluid-soundfont-gm,
/// ~140 MB, not installed by CI: the synthetic banks of <see cref="SoundFontTests"/> check the sampler
/// exactly; this checks that a real file parses and a piano note sounds at the right pitch and level).
/// Skipped where the file is absent.
/// </summary>
public class FluidR3Tests
{
    internal sealed class FluidR3FactAttribute : FactAttribute
    {
        public FluidR3FactAttribute()
        {
            if (!File.Exists(SoundFontLocator.DebianPath)) Skip = $"{SoundFontLocator.DebianPath} not installed (apt-get install fluid-soundfont-gm)";
        }
    }

    /// <summary>Magnitude of frequency <paramref name="f"/> in y[from, from+n) (Goertzel).</summary>
    static double Magnitude(float[] y, int from, int n, double f, int sr)
    {
        double w = 2 * Math.PI * f / sr, c = 2 * Math.Cos(w), s1 = 0, s2 = 0;
        for (int i = 0; i < n; i++) { double s = y[from + i] + c * s1 - s2; s2 = s1; s1 = s; }
        return Math.Sqrt(s1 * s1 + s2 * s2 - c * s1 * s2);
    }

    [FluidR3Fact]
    public void FluidR3_piano_parses_and_plays_a4_at_440_hz_without_clipping()
    {
        var sf = SoundFont.Load(SoundFontLocator.DebianPath);
        Assert.True(sf.Presets.Count(p => p.Bank == 0) >= 128);
        var piano = sf.FindPreset(0, 0)!;
        Assert.Equal(0, piano.Program);
        for (int key = 21; key <= 108; key++) Assert.NotEmpty(sf.Regions(piano, key, 100));

        const int sr = 22050;
        var song = new MidiSong();
        song.Instruments.Add(new Instrument(0) { Notes = { new Note(69, 100, 0.0, 1.5) } });
        var clip = AudioClip.FromSong(song, sf, sr);
        Assert.StartsWith("SoundFont FluidR3_GM.sf2 (", clip.PlayedBy);
        var y = clip.Samples;
        Assert.Equal(Math.Pow(10, -1 / 20.0), y.Max(Math.Abs), 4);   // normalised to −1 dBFS, nothing at full scale
        int n = 4096, at = (int)(0.3 * sr);
        double a4 = Magnitude(y, at, n, 440, sr);
        foreach (var other in new[] { 415.3, 466.2, 220.0 })        // a semitone either side, an octave down
            Assert.True(a4 > 10 * Magnitude(y, at, n, other, sr), $"440 Hz {a4:F1} vs {other} Hz");
        double Rms(double from, double to) => Math.Sqrt(y.Skip((int)(from * sr)).Take((int)((to - from) * sr)).Average(v => (double)v * v));
        Assert.True(Rms(1.0, 1.4) < Rms(0.1, 0.5), "a piano note decays while held");
        Assert.True(Rms(y.Length / (double)sr - 0.05, y.Length / (double)sr - 0.001) < 1e-3, "the release fades out before the end");
    }
}
