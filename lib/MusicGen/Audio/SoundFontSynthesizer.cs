using MusicGen.Midi;

namespace MusicGen.Audio;

/// <summary>
/// Renders a <see cref="MidiSong"/> with a <see cref="SoundFont"/> (a sampler, SF2 spec §9): each
/// instrument plays the General MIDI preset of its program in bank 0 (drums: bank 128, preset 0);
/// each note starts one voice per region that covers its key and velocity
/// (<see cref="SoundFont.Regions"/>). A voice reads the sample at
/// <see cref="SoundFontRegion.Step"/> points per output sample with linear interpolation, loops
/// per the region's loop mode, and is shaped by the volume envelope (<see cref="SoundFontEnvelope"/>,
/// released at the note end or, under the sustain pedal, at pedal-up as in <see cref="Synthesizer"/>)
/// and the region's gain (attenuation and velocity). Output is mono: pan is not applied (a stereo
/// pair's left and right samples are summed). Filters, LFOs, the modulation envelope, modulators
/// other than velocity → attenuation, reverb and chorus are not implemented. The mix is
/// peak-normalised to <see cref="Synthesizer.PeakDbfs"/>, so it never clips.
/// </summary>
public static class SoundFontSynthesizer
{
    /// <summary>Silence kept after the last voice ends, seconds.</summary>
    public const double TailSeconds = 0.1;

    /// <summary>A voice is dropped once its level is 100 dB below full after the attack (SF2 spec §8.1.2
    /// #37, #38: a sustain of 1000 cB or more, or the end of the release, is silence).</summary>
    const double Silent = 1e-5;

    /// <summary>One voice to play: the region, the key and velocity, where it starts (output sample) and
    /// when the key is released (seconds after the start).</summary>
    internal readonly record struct Voice(SoundFontRegion Region, int Key, int Velocity, long Onset, double Released);

    /// <summary>Renders every instrument (shape (N,), N = samples until the last voice has faded, plus
    /// <see cref="TailSeconds"/>), samples in [−1, 1].</summary>
    public static float[] Render(MidiSong song, SoundFont font, int sampleRate = 22050, bool drums = true, bool normalize = true, bool pedal = true)
    {
        ArgumentNullException.ThrowIfNull(song);
        ArgumentNullException.ThrowIfNull(font);
        if (sampleRate < 1000 || sampleRate > 384000)
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "Sample rate must be 1000–384000 Hz (22050 or 44100 are usual).");
        var voices = Voices(song, font, sampleRate, drums, pedal);
        double end = 0;
        foreach (var v in voices) end = Math.Max(end, (double)v.Onset / sampleRate + VoiceSeconds(v, sampleRate));
        foreach (var i in song.Instruments)
            if (drums || !i.IsDrum)
                foreach (var n in i.Notes) end = Math.Max(end, n.End);
        var mix = new double[(int)Math.Round((end + TailSeconds) * sampleRate)];
        foreach (var v in voices) AddVoice(mix, v, font.SamplePoints(v.Region.Sample), sampleRate);
        return Synthesizer.Finish(mix, normalize);
    }

    /// <summary>The presets a song plays with <paramref name="font"/>, for saying which sound was used.</summary>
    public static List<SoundFontPreset> PresetsFor(MidiSong song, SoundFont font, bool drums = true)
    {
        ArgumentNullException.ThrowIfNull(song);
        ArgumentNullException.ThrowIfNull(font);
        return song.Instruments.Where(i => i.Notes.Count > 0 && (drums || !i.IsDrum))
            .Select(i => Preset(font, i)).OfType<SoundFontPreset>().Distinct().ToList();
    }

    static SoundFontPreset? Preset(SoundFont font, Instrument i) => font.FindPreset(i.IsDrum ? 128 : 0, i.IsDrum ? 0 : Math.Clamp(i.Program, 0, 127));

    internal static List<Voice> Voices(MidiSong song, SoundFont font, int sampleRate, bool drums, bool pedal)
    {
        var voices = new List<Voice>();
        foreach (var instrument in song.Instruments)
        {
            if (instrument.IsDrum && !drums) continue;
            var preset = Preset(font, instrument);
            if (preset is null) continue;
            var pedalDown = pedal && !instrument.IsDrum ? SynthesizerVoice.PedalIntervals(instrument.ControlChanges, instrument.GetEndTime()) : new();
            foreach (var note in instrument.Notes)
            {
                long onset = SynthesizerVoice.SampleIndex(note.Start, sampleRate);
                double released = Math.Max(0, SynthesizerVoice.ReleaseTime(note.End, pedalDown) - note.Start);
                foreach (var region in font.Regions(preset, note.Pitch, note.Velocity))
                    voices.Add(new Voice(region, note.Pitch, note.Velocity, onset, released));
            }
        }
        return voices;
    }

    /// <summary>How long a voice sounds: until its release has faded, or until an unlooped sample ends.</summary>
    static double VoiceSeconds(Voice v, int sr)
    {
        var env = v.Region.Envelope(v.Key);
        double s = v.Released + env.ReleaseLength(v.Released);
        if (!Loops(v.Region)) s = Math.Min(s, (v.Region.End - v.Region.Start) / v.Region.Step(v.Key, sr) / sr);
        return s;
    }

    /// <summary>Loop modes 1 and 3 with a loop of at least one point inside the sample.</summary>
    internal static bool Loops(SoundFontRegion r) =>
        r.LoopMode is 1 or 3 && r.LoopEnd > r.LoopStart && r.LoopStart >= r.Start && r.LoopEnd <= r.End;

    /// <summary>
    /// One voice into the mix. Position n samples after the onset: p = start + n·step, wrapped into
    /// [loopStart, loopEnd) while looping; in loop mode 3 the release lets it run on from where it was
    /// towards the end. The decay and release are running products (one multiply per sample) from
    /// values computed with <see cref="SoundFontEnvelope.Level(double, double)"/> where each segment begins.
    /// </summary>
    static void AddVoice(double[] mix, Voice v, float[] pts, int sr)
    {
        var r = v.Region;
        long origin = r.Sample.Start;   // pts[0] is this point
        double start = r.Start - origin, end = Math.Min(r.End - origin, pts.Length - 1);
        double ls = r.LoopStart - origin, le = r.LoopEnd - origin, len = le - ls;
        bool loops = Loops(r);
        double step = r.Step(v.Key, sr), gain = r.Gain(v.Velocity);
        var env = r.Envelope(v.Key);
        double sustain = Math.Pow(10, -env.SustainCb / 200.0);
        double decayMul = Math.Pow(10, -100.0 / (20 * env.Decay * sr)), releaseMul = Math.Pow(10, -100.0 / (20 * env.Release * sr));
        double decayAt = env.Delay + env.Attack + env.Hold;
        double level = 0, releasePos = 0;
        int phase = 0;   // 0 before decay, 1 decaying or sustaining, 2 released
        long releaseN = -1;
        for (long n = 0; v.Onset + n < mix.Length; n++)
        {
            double t = (double)n / sr;
            if (t >= v.Released)
            {
                if (phase != 2) { phase = 2; releaseN = n; level = env.Level(t, v.Released); }
                else level *= releaseMul;
                if (level < Silent) break;
            }
            else if (t >= decayAt)
            {
                if (phase == 0) { phase = 1; level = env.Level(t); }
                else level = Math.Max(sustain, level * decayMul);
                if (level < Silent) break;   // decayed to a sustain of −100 dB or less: the voice has ended
            }
            else level = env.Level(t);

            double p = start + n * step;
            bool wrapping = loops && (r.LoopMode == 1 || phase != 2);
            if (loops && r.LoopMode == 3 && phase == 2)
            {
                if (n == releaseN) releasePos = Wrap(p, ls, le, len);
                p = releasePos + (n - releaseN) * step;
            }
            else if (wrapping) p = Wrap(p, ls, le, len);
            if (p >= end) break;
            int i = (int)p;
            double frac = p - i;
            double next = wrapping && i + 1 >= le ? pts[(int)ls] : pts[i + 1];
            mix[v.Onset + n] += gain * level * (pts[i] + frac * (next - pts[i]));
        }
    }

    static double Wrap(double p, double ls, double le, double len) => p < le ? p : ls + (p - ls) % len;
}
