using MusicGen.Evaluation;
using MusicGen.Midi;
using static MusicGen.Tests.Evaluation.EvalSongs;

namespace MusicGen.Tests.Evaluation;

/// <summary>Hand-computed MusPy metrics (SOURCES.md §5.2) on tiny songs at resolution 24,
/// 120 bpm (one step = 1/48 s).</summary>
public class MusPyMetricsTests
{
    // Steps: C4+E4 [0,24), G4 [24,48), C4 [48,96), C5 [48,72). Length 96.
    private static MidiSong SongA() => One(S(60, 0, 24), S(64, 0, 24), S(67, 24, 48), S(60, 48, 96), S(72, 48, 72));

    [Fact]
    public void Conversion_to_steps_uses_the_tempo_map()
    {
        var song = One((60, 100, 0.5, 1.0), (62, 100, 1.5, 2.0));
        song.TempoChanges.Add(new TempoChange(0, 120));
        song.TempoChanges.Add(new TempoChange(1.0, 60)); // from 1 s on a quarter lasts 1 s
        var m = StepSong.From(song);
        // 1.5 s = 2 quarters + 0.5 s at 60 bpm = 2.5 quarters = 60 steps; 2 s = 3 quarters = 72.
        Assert.Equal(new[] { (24, 48), (60, 72) }, new[] { m.Tracks[0].Notes[0], m.Tracks[0].Notes[1] }.Select(n => (n.Time, n.End)));
        Assert.Equal(72, m.Length);
        Assert.Equal(96, m.MeasureResolution);
        song.TimeSignatures.Add(new TimeSignature(3, 4, 0));
        Assert.Equal(72, StepSong.From(song).MeasureResolution);
        // Half-step ties round to even, as Python's round, and time and duration round separately
        // (MusPy): start 0.5 → 0, duration 1 → 1, so the end is 1 although round(1.5) would be 2.
        var tie = StepSong.From(One((60, 100, 0.5 / 48, 1.5 / 48))).Tracks[0].Notes[0];
        Assert.Equal((0, 1), (tie.Time, tie.End));
        var up = StepSong.From(One((60, 100, 1.5 / 48, 4.0 / 48))).Tracks[0].Notes[0];
        Assert.Equal((2, 4), (up.Time, up.End)); // 1.5 → 2, duration 2.5 → 2
    }

    [Fact]
    public void Pitch_counts_and_range()
    {
        var a = SongA();
        Assert.Equal(12, MusPyMetrics.PitchRange(a));
        Assert.Equal(4, MusPyMetrics.NPitchesUsed(a));
        Assert.Equal(3, MusPyMetrics.NPitchClassesUsed(a));
    }

    [Fact]
    public void Pitch_range_quirks_zero_without_notes_minus_127_with_only_drums()
    {
        Assert.Equal(0, MusPyMetrics.PitchRange(new MidiSong()));
        Assert.Equal(0, MusPyMetrics.PitchRange(One()));
        var drums = new MidiSong();
        drums.Instruments.Add(Track(true, S(36, 0, 6), S(38, 12, 18)));
        Assert.Equal(-127, MusPyMetrics.PitchRange(drums));
        // Drums beside pitched notes are ignored.
        var both = SongA();
        both.Instruments.Add(Track(true, S(36, 0, 6)));
        Assert.Equal(12, MusPyMetrics.PitchRange(both));
    }

    [Fact]
    public void Polyphony_averages_active_pitches_over_sounding_steps()
    {
        // 24 steps × 2 + 24 × 1 + 24 × 2 + 24 × 1 = 144 active over 96 sounding steps.
        Assert.Equal(1.5, MusPyMetrics.Polyphony(SongA()), 14);
        Assert.True(double.IsNaN(MusPyMetrics.Polyphony(One())));
        var drums = new MidiSong();
        drums.Instruments.Add(Track(true, S(36, 0, 6)));
        Assert.True(double.IsNaN(MusPyMetrics.Polyphony(drums)));
        Assert.Equal(0.0, MusPyMetrics.PolyphonyRate(drums)); // 6 steps long, none pitched
    }

    [Fact]
    public void Polyphony_rate_counts_strictly_more_than_the_threshold()
    {
        var a = SongA();
        Assert.Equal(0.0, MusPyMetrics.PolyphonyRate(a)); // never more than 2 pitches
        Assert.Equal(0.5, MusPyMetrics.PolyphonyRate(a, threshold: 1), 14); // 48 of 96 steps have 2
        Assert.True(double.IsNaN(MusPyMetrics.PolyphonyRate(new MidiSong())));
    }

    [Fact]
    public void Scale_rates()
    {
        var song = One(S(60, 0, 6), S(62, 6, 12), S(64, 12, 18), S(66, 18, 24));
        Assert.Equal(0.75, MusPyMetrics.PitchInScaleRate(song, 0, "major"), 14);
        Assert.Equal(1.0, MusPyMetrics.PitchInScaleRate(song, 7, "major"), 14); // G major has F#
        // A natural minor = C major's pitch classes.
        Assert.Equal(0.75, MusPyMetrics.PitchInScaleRate(song, 9, "minor"), 14);
        Assert.Equal(1.0, MusPyMetrics.ScaleConsistency(song), 14);
        Assert.True(double.IsNaN(MusPyMetrics.ScaleConsistency(One())));
        Assert.Throws<ArgumentException>(() => MusPyMetrics.PitchInScaleRate(song, 0, "dorian"));
    }

    [Fact]
    public void Entropies_in_bits()
    {
        var a = SongA(); // pitches 60, 64, 67, 60, 72
        var h = -(0.4 * Math.Log2(0.4) + 3 * 0.2 * Math.Log2(0.2));
        Assert.Equal(h, MusPyMetrics.PitchEntropy(a), 12);
        var hc = -(0.6 * Math.Log2(0.6) + 2 * 0.2 * Math.Log2(0.2));
        Assert.Equal(hc, MusPyMetrics.PitchClassEntropy(a), 12);
        Assert.True(double.IsNaN(MusPyMetrics.PitchEntropy(One())));
    }

    [Fact]
    public void Empty_beat_and_measure_rates()
    {
        // Length 84 → 84 // 24 + 1 = 4 beats; touched beats {0} and {3}.
        var sparse = One(S(60, 0, 12), S(62, 72, 84));
        Assert.Equal(0.5, MusPyMetrics.EmptyBeatRate(sparse), 14);
        Assert.Equal(0.0, MusPyMetrics.EmptyBeatRate(SongA()), 14);
        // Length 210 → 3 measures of 96; touched {0}, {2}.
        var far = One(S(60, 0, 12), S(62, 200, 210));
        Assert.Equal(1.0 / 3, MusPyMetrics.EmptyMeasureRate(far), 14);
        // A note ending exactly on a beat touches that beat too (end // resolution inclusive).
        Assert.Equal(1 - 2.0 / 2, MusPyMetrics.EmptyBeatRate(One(S(60, 0, 24))), 14);
        Assert.True(double.IsNaN(MusPyMetrics.EmptyBeatRate(One())));
    }

    [Fact]
    public void Groove_consistency_counts_onset_hamming_distances()
    {
        var far = One(S(60, 0, 12), S(62, 200, 210)); // onsets: measure 0 pos 0, measure 2 pos 8
        Assert.Equal(1 - 2.0 / (96 * 2), MusPyMetrics.GrooveConsistency(far), 14);
        var steady = One(S(60, 0, 12), S(60, 96, 108), S(60, 192, 204));
        Assert.Equal(1.0, MusPyMetrics.GrooveConsistency(steady), 14);
        Assert.True(double.IsNaN(MusPyMetrics.GrooveConsistency(One(S(60, 0, 12)))));
    }

    [Fact]
    public void Drum_pattern_rates()
    {
        var song = SongA();
        song.Instruments.Add(Track(true, S(36, 0, 1), S(38, 6, 7), S(42, 8, 9), S(36, 12, 13), S(38, 13, 14)));
        // Duple mask {0, 6, 12, 18}: 0, 6, 12 → 3/5. Triple mask {0, 8, 16}: 0, 8 → 2/5.
        Assert.Equal(0.6, MusPyMetrics.DrumInPatternRate(song, "duple"), 14);
        Assert.Equal(0.4, MusPyMetrics.DrumInPatternRate(song, "triple"), 14);
        Assert.Equal(0.6, MusPyMetrics.DrumPatternConsistency(song), 14);
        Assert.True(double.IsNaN(MusPyMetrics.DrumPatternConsistency(SongA())));
        // Triple at resolution 6: every 6/3 = 2 steps.
        Assert.Equal(new[] { true, false, true, false, true, false }, MusPyMetrics.DrumPattern(6, "triple"));
        Assert.Equal(new[] { true, false, false, true, false, false }, MusPyMetrics.DrumPattern(6, "duple")); // 6 % 4 ≠ 0: only halves
    }

    [Fact]
    public void Summary_takes_nan_means_over_songs()
    {
        var s = MusPySummary.Compute(new[] { SongA(), One() }, new[] { SongA() });
        var poly = s.Single(m => m.Metric == "polyphony");
        Assert.Equal(1.5, poly.GeneratedMean, 14);
        Assert.Equal(1, poly.GeneratedDefined);
        var range = s.Single(m => m.Metric == "pitch_range");
        Assert.Equal(6, range.GeneratedMean, 14); // (12 + 0) / 2
        Assert.Equal(14, s.Count);
    }
}
