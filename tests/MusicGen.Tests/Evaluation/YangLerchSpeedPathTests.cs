using MusicGen.Evaluation;
using MusicGen.Midi;
using static MusicGen.Tests.Evaluation.EvalSongs;

namespace MusicGen.Tests.Evaluation;

/// <summary>The faster paths of the Yang &amp; Lerch evaluation against their references: row sums without the roll,
/// one shared inter-set density, many sets against one reference at once.</summary>
public class YangLerchSpeedPathTests
{
    [Fact]
    public void Row_sums_without_the_roll_equal_the_rolls_row_sums_exactly()
    {
        var songs = new List<MidiSong>();
        for (var seed = 0; seed < 20; seed++) songs.Add(Random(seed, notes: 10 + 20 * seed, length: 2 + seed));
        // Edge cases: a note shorter than a column, one starting before 0 s, one past the last note's column, a drum
        // track, no instruments, an empty instrument, a long CC that widens the roll.
        songs.Add(One((60, 100, 0.0, 0.004), (61, 127, 0.999, 1.001), (62, 1, 2.0, 2.0)));
        songs.Add(new MidiSong());
        songs.Add(One());
        var drums = new MidiSong();
        drums.Instruments.Add(Track(true, (36, 100, 0, 1)));
        songs.Add(drums);
        var widened = One((60, 90, 0.25, 0.75));
        widened.Instruments[0].ControlChanges.Add(new ControlChange(7, 100, 3.0));
        songs.Add(widened);
        foreach (var song in songs)
            Assert.Equal(YangLerchFeatures.PitchRowSumsFromRoll(song), YangLerchFeatures.PitchRowSums(song));
    }

    [Fact]
    public void A_sustain_pedal_or_pitch_bend_takes_the_roll_and_changes_the_sums()
    {
        var pedal = One((60, 100, 0.0, 0.2), (64, 80, 0.1, 0.3));
        pedal.Instruments[0].ControlChanges.Add(new ControlChange(ControlChange.SustainPedal, 127, 0.05));
        pedal.Instruments[0].ControlChanges.Add(new ControlChange(ControlChange.SustainPedal, 0, 0.9));
        var sums = YangLerchFeatures.PitchRowSums(pedal);
        Assert.Equal(YangLerchFeatures.PitchRowSumsFromRoll(pedal), sums);
        Assert.True(sums[60] > 100 * 20, "the pedal holds C4 past its release");
        var bent = One((60, 100, 0.0, 1.0));
        bent.Instruments[0].PitchBends.Add(new PitchBend(4096, 0.5));
        Assert.Equal(YangLerchFeatures.PitchRowSumsFromRoll(bent), YangLerchFeatures.PitchRowSums(bent));
    }

    [Fact]
    public void Compare_gives_the_four_numbers_of_separate_kl_and_overlap_calls()
    {
        var rng = new Random(3);
        var s1 = Enumerable.Range(0, 7).Select(_ => new[] { rng.NextDouble(), 3 * rng.NextDouble() }).ToList();
        var s2 = Enumerable.Range(0, 7).Select(_ => new[] { 0.5 + rng.NextDouble(), 2 * rng.NextDouble() }).ToList();
        var r = RelativeMeasures.Compare("x", s1, s2);
        var intra1 = RelativeMeasures.IntraSetDistances(s1);
        var intra2 = RelativeMeasures.IntraSetDistances(s2);
        var inter = RelativeMeasures.InterSetDistances(s1, s2);
        Assert.Equal(RelativeMeasures.KlDist(intra1, inter), r.KlIntraGeneratedInter);
        Assert.Equal(RelativeMeasures.OverlapArea(intra1, inter), r.OaIntraGeneratedInter);
        Assert.Equal(RelativeMeasures.KlDist(intra2, inter), r.KlIntraReferenceInter);
        Assert.Equal(RelativeMeasures.OverlapArea(intra2, inter), r.OaIntraReferenceInter);
        Assert.False(double.IsNaN(r.KlIntraGeneratedInter));
    }

    [Fact]
    public void Compare_sets_equals_one_compare_per_set_in_order()
    {
        var reference = Enumerable.Range(0, 6).Select(i => Random(100 + i, notes: 30)).ToList();
        var sets = new List<List<MidiSong>>
        {
            Enumerable.Range(0, 6).Select(i => Random(200 + i, notes: 25)).ToList(),
            Enumerable.Range(0, 4).Select(i => Random(300 + i, notes: 60, length: 4)).ToList(),   // fewer songs: n = 4
            Enumerable.Range(0, 3).Select(_ => Random(7)).ToList(),                               // no variety: NaN overlaps
        };
        var all = YangLerch.CompareSets(sets, reference);
        Assert.Equal(sets.Count, all.Count);
        for (var s = 0; s < sets.Count; s++)
        {
            var one = YangLerch.Compare(sets[s], reference);
            Assert.Equal(one.Count, all[s].Count);
            for (var f = 0; f < one.Count; f++)
            {
                var (a, b) = (one[f], all[s][f]);
                Assert.Equal(a.Feature, b.Feature);
                Assert.Equal(a.Samples, b.Samples);
                Assert.Equal(a.MeanGenerated, b.MeanGenerated);
                Assert.Equal(a.MeanReference, b.MeanReference);
                Assert.Equal(a.StdReference, b.StdReference);
                Assert.Equal(a.KlIntraGeneratedInter, b.KlIntraGeneratedInter);
                Assert.Equal(a.OaIntraGeneratedInter, b.OaIntraGeneratedInter);
                Assert.Equal(a.KlIntraReferenceInter, b.KlIntraReferenceInter);
                Assert.Equal(a.OaIntraReferenceInter, b.OaIntraReferenceInter);
            }
        }
        Assert.Equal(4, all[1][0].Samples);
        Assert.True(double.IsNaN(all[2][0].OaIntraGeneratedInter));
    }
}
