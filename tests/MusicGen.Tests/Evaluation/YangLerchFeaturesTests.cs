using MusicGen.Evaluation;
using MusicGen.Midi;
using static MusicGen.Tests.Evaluation.EvalSongs;

namespace MusicGen.Tests.Evaluation;

/// <summary>Hand-computed Yang &amp; Lerch absolute measurements (SOURCES.md §5.1).</summary>
public class YangLerchFeaturesTests
{
    // fs = 100: C4 vel 100 for 50 columns, E4 vel 50 for 25 columns, a G4 of 4 ms that vanishes.
    private static MidiSong Roll() => One((60, 100, 0.0, 0.5), (64, 50, 0.5, 0.75), (67, 80, 1.0, 1.004));

    [Fact]
    public void Pitch_count_range_and_class_histogram_follow_the_fs_100_roll()
    {
        var s = Roll();
        Assert.Equal(2, YangLerchFeatures.TotalUsedPitch(s));
        Assert.Equal(4, YangLerchFeatures.PitchRange(s));
        var pch = YangLerchFeatures.TotalPitchClassHistogram(s);
        Assert.Equal(0.8, pch[0], 14); // 5000 / 6250
        Assert.Equal(0.2, pch[4], 14); // 1250 / 6250
        Assert.Equal(0.0, pch[7]);
        Assert.True(double.IsNaN(YangLerchFeatures.PitchRange(new MidiSong())));
        Assert.All(YangLerchFeatures.TotalPitchClassHistogram(One()), v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void Roll_row_sums_equal_columns_times_velocity_per_note_without_pedal()
    {
        // Naive reference: Σ velocity · (int(end·fs) − int(start·fs)) per pitch.
        for (var seed = 0; seed < 5; seed++)
        {
            var song = Random(seed);
            var naive = new double[128];
            foreach (var n in song.Instruments[0].Notes) naive[n.Pitch] += n.Velocity * ((int)(n.End * 100) - (int)(n.Start * 100));
            Assert.Equal(naive, YangLerchFeatures.PitchRowSums(song));
            Assert.Equal(naive.Count(v => v > 0), YangLerchFeatures.TotalUsedPitch(song));
        }
    }

    [Fact]
    public void Sustain_pedal_extends_the_weight_as_mgeval_default_roll_does()
    {
        var s = One((60, 100, 0.0, 0.2), (64, 100, 0.0, 0.2));
        s.Instruments[0].ControlChanges.Add(new ControlChange(64, 127, 0.1));
        s.Instruments[0].ControlChanges.Add(new ControlChange(64, 0, 0.5));
        s.Instruments[0].Notes.Add(new Note(67, 100, 0.4, 0.6)); // end time 0.6 keeps the roll 60 wide
        var sums = YangLerchFeatures.PitchRowSums(s);
        Assert.Equal(5000, sums[60]); // held to the pedal-up at column 50
        Assert.Equal(2000, sums[67]); // 0.4–0.6 s, already sounding to its end
    }

    [Fact]
    public void Only_instrument_zero_counts_for_roll_features()
    {
        var s = Roll();
        s.Instruments.Add(Track(false, (90, 100, 0, 1)));
        Assert.Equal(2, YangLerchFeatures.TotalUsedPitch(s));
        Assert.Equal(3, YangLerchFeatures.TotalUsedNote(s));
    }

    [Fact]
    public void Pitch_class_transition_matrix_counts_ends_near_starts()
    {
        var s = One((60, 100, 0.0, 0.5), (62, 100, 0.5, 1.0), (64, 100, 0.52, 1.0), (67, 100, 1.03, 1.5));
        var m = YangLerchFeatures.PitchClassTransitionMatrix(s);
        Assert.Equal(4, m.Sum());
        Assert.Equal(1, m[0 * 12 + 2]);
        Assert.Equal(1, m[0 * 12 + 4]);
        Assert.Equal(1, m[2 * 12 + 7]);
        Assert.Equal(1, m[4 * 12 + 7]);
        var rows = YangLerchFeatures.PitchClassTransitionMatrix(s, normalize: 1);
        Assert.Equal(0.5, rows[2]);
        Assert.Equal(1.0, rows[2 * 12 + 7]);
        Assert.Equal(0.0, rows[11 * 12 + 11]); // empty row stays 0
        var total = YangLerchFeatures.PitchClassTransitionMatrix(s, normalize: 2);
        Assert.Equal(0.25, total[4 * 12 + 7]);
        // A note shorter than the threshold transitions to itself (i = j is not excluded).
        var blip = One((61, 100, 0.0, 0.02), (70, 100, 3.0, 3.5));
        Assert.Equal(1, YangLerchFeatures.PitchClassTransitionMatrix(blip)[1 * 12 + 1]);
        // Drums and single-note instruments add nothing.
        var drums = new MidiSong();
        drums.Instruments.Add(Track(true, (36, 100, 0.0, 0.5), (38, 100, 0.5, 1.0)));
        drums.Instruments.Add(Track(false, (60, 100, 0.0, 0.01)));
        Assert.Equal(0, YangLerchFeatures.PitchClassTransitionMatrix(drums).Sum());
    }

    [Fact]
    public void Pitch_interval_note_count_and_ioi()
    {
        var s = One((67, 100, 0.5, 1.0), (60, 100, 0.0, 0.5), (64, 100, 1.0, 1.5), (64, 100, 1.5, 2.0));
        Assert.Equal(4, YangLerchFeatures.TotalUsedNote(s));
        Assert.Equal(10.0 / 3, YangLerchFeatures.AvgPitchShift(s), 14); // 60 → 67 → 64 → 64
        Assert.True(double.IsNaN(YangLerchFeatures.AvgPitchShift(One((60, 100, 0, 1)))));

        var t = One((60, 100, 0.0, 0.5), (62, 100, 0.5, 1.0), (64, 100, 1.0, 1.5));
        t.Instruments.Add(Track(true, (36, 100, 0.25, 0.3), (38, 100, 0.5, 0.6)));
        // Onsets 0, 0.25, 0.5, 0.5, 1.0 (drums included, duplicates kept).
        Assert.Equal(0.25, YangLerchFeatures.AvgIoi(t), 14);
        Assert.True(double.IsNaN(YangLerchFeatures.AvgIoi(One())));
    }

    [Fact]
    public void Note_lengths_go_to_the_nearest_bar_96_class()
    {
        // 120 bpm 4/4: quarter (0.5 s), 8th, dotted quarter, 8th triplet, 0.3 s (14.4 units → 16,
        // quarter triplet), whole.
        var s = One((60, 100, 0.0, 0.5), (60, 100, 0.5, 0.75), (60, 100, 0.75, 1.5), (60, 100, 1.5, 1.5 + 1.0 / 6),
            (60, 100, 2.0, 2.3), (60, 100, 3.0, 5.0));
        Assert.Equal(new[] { 2, 3, 6, 11, 10, 0 }, YangLerchFeatures.NoteLengthClasses(s));
        var h = YangLerchFeatures.NoteLengthHist(s);
        foreach (var k in new[] { 0, 2, 3, 6, 10, 11 }) Assert.Equal(1.0 / 6, h[k], 14);
        var m = YangLerchFeatures.NoteLengthTransitionMatrix(s);
        Assert.Equal(5, m.Sum());
        Assert.Equal(1, m[2 * 12 + 3]);
        Assert.Equal(1, m[10 * 12 + 0]);
    }

    [Fact]
    public void Note_length_unit_follows_the_time_signature_and_tempo()
    {
        // In 3/4 the unit is 3 quarters / 96, so a quarter is 32 units: a "half triplet" (class 9).
        var s = One((60, 100, 0.0, 0.5));
        s.TimeSignatures.Add(new TimeSignature(3, 4, 0));
        Assert.Equal(new[] { 9 }, YangLerchFeatures.NoteLengthClasses(s));
        // At 60 bpm a quarter lasts 1 s.
        var slow = One((60, 100, 0.0, 1.0));
        slow.TempoChanges.Add(new TempoChange(0, 60));
        Assert.Equal(new[] { 2 }, YangLerchFeatures.NoteLengthClasses(slow));
    }

    [Fact]
    public void Per_bar_counts()
    {
        // 4/4 at 120 bpm: a bar is 2 s; last note end 4 s → round(8 / 4) = 2 bars.
        var s = One((60, 100, 0.0, 0.5), (60, 100, 0.5, 1.0), (62, 100, 1.0, 1.5), (64, 100, 2.0, 2.5), (64, 100, 3.5, 4.0));
        Assert.Equal(new double[] { 3, 2 }, YangLerchFeatures.BarUsedNote(s));
        Assert.Equal(new double[] { 2, 1 }, YangLerchFeatures.BarUsedPitch(s));
        Assert.Equal(new double[] { 3 }, YangLerchFeatures.BarUsedNote(s, numBar: 1));
        Assert.Equal(new double[] { 3, 2, 0 }, YangLerchFeatures.BarUsedNote(s, numBar: 3));
    }

    [Fact]
    public void Per_bar_pitch_class_histogram_uses_the_assumed_tempo()
    {
        // Bars of 60/120 · 4 · 100 = 200 columns; roll 400 wide → 2 bars.
        var s = One((60, 100, 0.0, 1.0), (62, 100, 2.0, 2.5), (67, 100, 2.5, 4.0));
        var h = YangLerchFeatures.BarPitchClassHistogram(s);
        Assert.Equal(24, h.Length);
        Assert.Equal(1.0, h[0], 14);
        Assert.Equal(0.25, h[12 + 2], 14);
        Assert.Equal(0.75, h[12 + 7], 14);
        // At an assumed 60 bpm a bar is 400 columns: one bar holding everything.
        var slow = YangLerchFeatures.BarPitchClassHistogram(s, bpm: 60);
        Assert.Equal(12, slow.Length);
        Assert.Equal(100.0 / 300, slow[0], 14); // C 100 of the 300 sounding columns
        // Fixed bar count pads with silent (all-zero) bars.
        var padded = YangLerchFeatures.BarPitchClassHistogram(s, numBar: 3);
        Assert.All(padded.Skip(24), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Set_comparison_covers_the_default_features()
    {
        var gen = Enumerable.Range(0, 4).Select(i => Random(100 + i, notes: 12)).ToList();
        var refs = Enumerable.Range(0, 5).Select(i => Random(200 + i, notes: 30)).ToList();
        var r = YangLerch.Compare(gen, refs);
        Assert.Equal(YangLerch.DefaultFeatures.Select(f => f.Name), r.Select(f => f.Feature));
        Assert.All(r, f => Assert.Equal(4, f.Samples));
        var pc = r.Single(f => f.Feature == "total_used_pitch");
        Assert.Equal(gen.Average(YangLerchFeatures.TotalUsedPitch), pc.MeanGenerated[0], 12);
        Assert.InRange(pc.OaIntraGeneratedInter, 0, 1.0001);
        Assert.Equal(144, r.Single(f => f.Feature == "pitch_class_transition_matrix").MeanGenerated.Length);
    }

    [Fact]
    public void Per_bar_features_compare_with_a_fixed_bar_count()
    {
        var gen = Enumerable.Range(0, 3).Select(i => Random(300 + i, notes: 15)).ToList();
        var refs = Enumerable.Range(0, 3).Select(i => Random(400 + i, notes: 30)).ToList();
        var r = YangLerch.Compare(gen, refs, YangLerch.BarFeatures(4));
        Assert.Equal(new[] { "bar_used_pitch", "bar_used_note", "bar_pitch_class_histogram" }, r.Select(f => f.Feature));
        Assert.Equal(4, r[0].MeanGenerated.Length);
        Assert.Equal(48, r[2].MeanGenerated.Length);
        Assert.Equal(gen.Average(s => YangLerchFeatures.BarUsedNote(s, 4)[0]), r[1].MeanGenerated[0], 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => YangLerch.BarFeatures(0));
    }
}
