using MusicGen.Audio;
using MusicGen.Midi;
using G = MusicGen.Audio.SoundFontGenerator;

namespace MusicGen.Tests.Audio;

/// <summary>
/// The SoundFont 2 reader and sampler on tiny banks written by <see cref="Sf2Writer"/>: parsing,
/// zone choice by key and velocity, generator combination, exact output values at chosen points,
/// and the whole render against a naive reference (closed-form envelope per sample).
/// </summary>
public class SoundFontTests
{
    const int Sr = 44100;

    /// <summary>One cycle of a sine over 100 points, amplitude 16384: at step 1 the output is periodic in 100.</summary>
    static short[] Sine() => Enumerable.Range(0, 100).Select(i => (short)Math.Round(16384 * Math.Sin(2 * Math.PI * i / 100))).ToArray();

    /// <summary>An attack, then a 1000-point sawtooth ramp repeated 8 times; the loop is the last ramp.</summary>
    static short[] Saw() => Enumerable.Range(0, 8000).Select(i => (short)(i < 200 ? i * 50 : -16000 + (i % 1000) * 32)).ToArray();

    static MidiSong Song(int program, params Note[] notes)
    {
        var song = new MidiSong();
        var piano = new Instrument(program);
        piano.Notes.AddRange(notes);
        song.Instruments.Add(piano);
        return song;
    }

    /// <summary>Program 0: sine (root 69, full-cycle loop, mode 1) for keys 0–71 at any velocity, and for
    /// keys 72–127 the saw (root 60, loop mode 3) at velocity ≤ 90 or the sine at > 90. Envelope on
    /// the instrument's global zone. Program 1: one unlooped saw, tuned +1 semitone −30 cents, 120 cB
    /// quieter (part of it from the preset level).</summary>
    static SoundFont Bank()
    {
        var w = new Sf2Writer();
        w.Samples.Add(new("sine", Sine(), Sr, 69, 0, 100));
        w.Samples.Add(new("saw", Saw(), 32000, 60, 7000, 8000, PitchCorrection: -7));
        w.Instruments.Add(new("lead",
            new Sf2Writer.Zone(-1, (G.DelayVolEnv, -7973), (G.AttackVolEnv, -6000), (G.HoldVolEnv, -5000), (G.DecayVolEnv, -1200),
                (G.SustainVolEnv, 300), (G.ReleaseVolEnv, -2400), (G.InitialAttenuation, 60)),
            new Sf2Writer.Zone(0, (G.KeyRange, Sf2Writer.Range(0, 71)), (G.SampleModes, 1)),
            new Sf2Writer.Zone(1, (G.KeyRange, Sf2Writer.Range(72, 127)), (G.VelRange, Sf2Writer.Range(0, 90)), (G.SampleModes, 3)),
            new Sf2Writer.Zone(0, (G.KeyRange, Sf2Writer.Range(72, 127)), (G.VelRange, Sf2Writer.Range(91, 127)), (G.SampleModes, 1))));
        w.Instruments.Add(new("plain",
            new Sf2Writer.Zone(1, (G.CoarseTune, 1), (G.FineTune, -20), (G.InitialAttenuation, 100), (G.ReleaseVolEnv, -3600))));
        w.Presets.Add(new("Lead", 0, 0, new Sf2Writer.Zone(0)));
        w.Presets.Add(new("Plain", 0, 1, new Sf2Writer.Zone(-1, (G.FineTune, -10)), new Sf2Writer.Zone(1, (G.InitialAttenuation, 20))));
        return SoundFont.FromBytes(w.ToBytes(), "test.sf2");
    }

    [Fact]
    public void Reads_names_presets_instruments_and_samples()
    {
        var sf = Bank();
        Assert.Equal("Test Bank", sf.Name);
        Assert.Equal(new[] { "000:000 Lead", "000:001 Plain" }, sf.Presets.Select(p => p.ToString()));
        Assert.Equal(new[] { "lead", "plain" }, sf.Instruments.Select(i => i.Name));
        Assert.Equal(4, sf.Instruments[0].Zones.Count);
        Assert.True(sf.Instruments[0].Zones[0].IsGlobal);
        var saw = sf.Samples[1];
        Assert.Equal(("saw", 146L, 8146L, 7146L, 8146L, 32000, 60, -7), (saw.Name, saw.Start, saw.End, saw.LoopStart, saw.LoopEnd, saw.SampleRate, saw.OriginalPitch, saw.PitchCorrection));
        var pts = sf.SamplePoints(saw);
        Assert.Equal(50 / 32768f, pts[1]);
        Assert.Equal(0f, pts[8000]);   // the guard points after the sample
        // A missing program falls back to program 0 of bank 0; percussion has no preset here.
        Assert.Equal("Lead", sf.FindPreset(0, 40)!.Name);
        Assert.Null(sf.FindPreset(128, 0));
    }

    [Fact]
    public void Truncated_or_foreign_files_are_one_clear_error()
    {
        var good = new Sf2Writer { Samples = { new("s", Sine(), Sr, 60, 0, 100) } }.ToBytes();
        var e = Assert.Throws<InvalidDataException>(() => SoundFont.FromBytes(good[..40], "cut.sf2"));
        Assert.StartsWith("cut.sf2: ", e.Message);
        var wave = (byte[])good.Clone();
        "WAVE"u8.CopyTo(wave.AsSpan(8));
        Assert.Contains("not a SoundFont 2 file", Assert.Throws<InvalidDataException>(() => SoundFont.FromBytes(wave, "x.sf2")).Message);
    }

    [Fact]
    public void Zones_are_chosen_by_key_and_velocity_and_generators_combine()
    {
        var sf = Bank();
        var lead = sf.Presets[0];
        Assert.Equal("sine", Assert.Single(sf.Regions(lead, 60, 100)).Sample.Name);
        Assert.Equal("saw", Assert.Single(sf.Regions(lead, 80, 90)).Sample.Name);
        Assert.Equal("sine", Assert.Single(sf.Regions(lead, 80, 91)).Sample.Name);
        var r = sf.Regions(lead, 60, 100)[0];
        Assert.Equal(300, r.Generator(G.SustainVolEnv));   // from the instrument's global zone
        Assert.Equal(1, r.LoopMode);
        // Preset values add to the instrument's: fine tune −20 + (−10 from the preset global zone),
        // attenuation 100 + 20 from the preset zone.
        var plain = Assert.Single(sf.Regions(sf.Presets[1], 60, 127));
        Assert.Equal(-30, plain.Generator(G.FineTune));
        Assert.Equal(120, plain.Generator(G.InitialAttenuation));
        // Step: cents = (60 − 60)·100 + 100 − 30 − 7 (pitch correction) = 63; rate 32000 → 44100.
        Assert.Equal(Math.Pow(2, 63 / 1200.0) * 32000 / Sr, plain.Step(60, Sr), 12);
        Assert.Equal(Math.Pow(2, 12 / 12.0), sf.Regions(lead, 81, 100)[0].Step(81, Sr), 12);
        // Gain: 120 cB, velocity 127 adds nothing; velocity 64 adds 400·log10(127/64) cB.
        Assert.Equal(Math.Pow(10, -120 / 200.0), plain.Gain(127), 12);
        Assert.Equal(Math.Pow(10, -(120 + 400 * Math.Log10(127 / 64.0)) / 200.0), plain.Gain(64), 12);
        // Envelope times are 2^(tc/1200) s; sustain stays in cB.
        var env = r.Envelope(60);
        Assert.Equal(Math.Pow(2, -7973 / 1200.0), env.Delay, 12);
        Assert.Equal(0.5, env.Decay, 12);
        Assert.Equal(300, env.SustainCb);
    }

    [Fact]
    public void Envelope_has_its_textbook_values_at_chosen_times()
    {
        var env = new SoundFontEnvelope(Delay: 0.1, Attack: 0.2, Hold: 0.1, Decay: 1.0, SustainCb: 600, Release: 0.5);
        Assert.Equal(0, env.Level(0.05));
        Assert.Equal(0.5, env.Level(0.2), 12);                       // half-way up the linear attack
        Assert.Equal(1, env.Level(0.35));                            // hold
        Assert.Equal(Math.Pow(10, -20 / 20.0), env.Level(0.6), 12);  // 0.2 s into the decay: −20 dB
        Assert.Equal(Math.Pow(10, -60 / 20.0), env.Level(3.0), 12);  // sustain at 600 cB = −60 dB
        // Released at 0.6 s (−20 dB): 0.1 s later it is 20 dB lower; it ends 80 dB later = 0.4 s.
        Assert.Equal(Math.Pow(10, -40 / 20.0), env.Level(0.7, 0.6), 12);
        Assert.Equal(0.4, env.ReleaseLength(0.6), 12);
        Assert.Equal(0, env.Level(1.01, 0.6));
    }

    [Fact]
    public void At_the_root_key_the_output_is_the_sample_times_gain_and_envelope()
    {
        var sf = Bank();
        var y = SoundFontSynthesizer.Render(Song(0, new Note(69, 127, 0.0, 1.0)), sf, Sr, normalize: false);
        var r = sf.Regions(sf.Presets[0], 69, 127)[0];
        var env = r.Envelope(69);
        double gain = Math.Pow(10, -60 / 200.0);
        Assert.Equal(gain, r.Gain(127), 12);
        float Point(long n) => Sine()[n % 100] / 32768f;
        // In the hold (level 1), n ≈ 2000 (45 ms: delay 10 ms + attack 31 ms ≤ t < + 56 ms hold).
        foreach (var n in new[] { 1990L, 2013, 2025, 2071 })
            Assert.Equal(gain * Point(n), y[n], 6);
        // In the attack, n = 1011: level = (t − delay)/attack.
        double t = 1011.0 / Sr;
        Assert.Equal(gain * (t - env.Delay) / env.Attack * Point(1011), y[1011], 6);
        // Sustain after the decay reached −30 dB (0.15 s into it), loop running: n = 30,017 (0.68 s).
        Assert.Equal(gain * Math.Pow(10, -30 / 20.0) * Point(30_017), y[30_017], 6);
        Assert.True(Math.Abs(y[30_017]) > 0.005);
        // An octave up reads every second point.
        var up = SoundFontSynthesizer.Render(Song(0, new Note(81, 127, 0.0, 1.0)), sf, Sr, normalize: false);
        Assert.Equal(gain * Point(2 * 2017), up[2017], 6);
    }

    [Fact]
    public void Render_matches_the_naive_reference()
    {
        var sf = Bank();
        // Every branch: fractional steps (sine looped at 66, saw mode 3 at 75/80 with release,
        // sine at 90 velocity 100), the unlooped tuned saw of program 1, overlapping notes, a note
        // released during its attack, and the sustain pedal.
        var song = Song(0, new Note(66, 100, 0.0, 0.4), new Note(75, 70, 0.1, 0.5), new Note(80, 60, 0.3, 0.302),
            new Note(90, 100, 0.2, 0.9), new Note(52, 30, 0.5, 1.2));
        var second = new Instrument(1);
        second.Notes.Add(new Note(62, 110, 0.05, 0.3));
        second.Notes.Add(new Note(67, 90, 0.4, 2.0));
        second.ControlChanges.Add(new ControlChange(64, 127, 0.35));
        second.ControlChanges.Add(new ControlChange(64, 0, 2.4));
        song.Instruments.Add(second);
        foreach (var sr in new[] { 22050, 44100 })
        {
            var fast = SoundFontSynthesizer.Render(song, sf, sr, normalize: false);
            var naive = NaiveRender(song, sf, sr, fast.Length);
            double peak = naive.Max(Math.Abs);
            Assert.True(peak > 0.05);
            for (int i = 0; i < fast.Length; i++)
                Assert.True(Math.Abs(fast[i] - naive[i]) < 2e-6, $"sr {sr} sample {i}: {fast[i]} vs {naive[i]}");
            // Normalised: peak at −1 dBFS, never clipping.
            var norm = SoundFontSynthesizer.Render(song, sf, sr);
            Assert.Equal(Math.Pow(10, -1 / 20.0), norm.Max(Math.Abs), 5);
        }
    }

    [Fact]
    public void AudioClip_says_what_played_it()
    {
        var song = Song(0, new Note(69, 100, 0.0, 0.5));
        var clip = AudioClip.FromSong(song, Bank());
        Assert.Equal("SoundFont test.sf2 (Lead)", clip.PlayedBy);
        Assert.Contains("played by SoundFont test.sf2 (Lead)", clip.ToString());
        Assert.Contains("played by SoundFont test.sf2 (Lead)</div>", clip.ToHtml());
        Assert.Equal(clip.PlayedBy, clip.Take(0.1).PlayedBy);
        Assert.StartsWith("additive synthesizer", AudioClip.Synthesize(song).PlayedBy);
    }

    /// <summary>
    /// Reference: every sample of every voice from closed forms, no running state. Envelope: 0 in the
    /// delay, linear attack, 1 in the hold, −100 dB per decay time down to the sustain, then from the
    /// level at release −100 dB per release time; the voice ends once it is below −100 dB after the attack. Position: start + n·step, wrapped
    /// into the loop while looping (mode 3 stops wrapping at release and runs on from there), linear
    /// interpolation (the point after the loop's last is the loop's first).
    /// </summary>
    static double[] NaiveRender(MidiSong song, SoundFont sf, int sr, int length)
    {
        var mix = new double[length];
        foreach (var instrument in song.Instruments)
        {
            var preset = sf.FindPreset(0, instrument.Program)!;
            var pedal = instrument.ControlChanges.Where(c => c.Number == 64).OrderBy(c => c.Time).ToList();
            foreach (var note in instrument.Notes)
            {
                double release = note.End;
                for (int i = 0; i < pedal.Count; i++)   // held by the pedal: released when it comes up
                    if (pedal[i].Value >= 64 && pedal[i].Time <= note.End && (i + 1 == pedal.Count || pedal[i + 1].Time > note.End))
                        release = i + 1 < pedal.Count ? Math.Max(note.End, pedal[i + 1].Time) : note.End;
                double released = release - note.Start;
                long onset = (long)Math.Round(note.Start * sr);
                foreach (var r in sf.Regions(preset, note.Pitch, note.Velocity))
                {
                    var pts = sf.SamplePoints(r.Sample);
                    var e = r.Envelope(note.Pitch);
                    double Before(double t) =>
                        t < e.Delay ? 0
                        : t < e.Delay + e.Attack ? (t - e.Delay) / e.Attack
                        : t < e.Delay + e.Attack + e.Hold ? 1
                        : Math.Pow(10, -Math.Min(e.SustainCb / 10, 100 * (t - e.Delay - e.Attack - e.Hold) / e.Decay) / 20);
                    double Level(double t)
                    {
                        if (t < released) return Before(t);
                        double l0 = Before(released);
                        double db = l0 <= 0 ? 100 : -20 * Math.Log10(l0) + 100 * (t - released) / e.Release;
                        return db >= 100 ? 0 : Math.Pow(10, -db / 20);
                    }
                    long o = r.Sample.Start;
                    double s0 = r.Start - o, end = r.End - o, ls = r.LoopStart - o, le = r.LoopEnd - o;
                    bool loops = r.LoopMode is 1 or 3;
                    double step = r.Step(note.Pitch, sr), gain = r.Gain(note.Velocity);
                    double Wrap(double p) => p < le ? p : ls + (p - ls) % (le - ls);
                    long firstReleased = 0;
                    while ((double)firstReleased / sr < released) firstReleased++;
                    for (long n = 0; onset + n < length; n++)
                    {
                        double t = (double)n / sr, level = Level(t);
                        if (t >= Math.Min(released, e.Delay + e.Attack + e.Hold) && level < 1e-5) break;
                        bool wrapping = loops && (r.LoopMode == 1 || t < released);
                        double p = s0 + n * step;
                        if (wrapping) p = Wrap(p);
                        else if (loops) p = Wrap(s0 + firstReleased * step) + (n - firstReleased) * step;
                        if (p >= end) break;
                        int i = (int)Math.Floor(p);
                        double next = wrapping && i + 1 >= le ? pts[(int)ls] : pts[i + 1];
                        mix[onset + n] += gain * level * (pts[i] + (p - i) * (next - pts[i]));
                    }
                }
            }
        }
        return mix;
    }
}
