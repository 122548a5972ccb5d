using MusicGen.Data;
using MusicGen.Evaluation;
using MusicGen.Midi;

namespace MusicGen.Tests.Evaluation;

/// <summary>The evaluation on real files (skipped without the chopin dataset).</summary>
public class RealDataTests
{
    [DataFact("chopin")]
    public void Chopin_halves_give_defined_features_and_sane_distances()
    {
        var dir = DatasetLocator.Find("chopin")!;
        var files = Directory.EnumerateFiles(dir, "*.mid").OrderBy(f => f, StringComparer.Ordinal).Take(6).ToList();
        var songs = files.Select(f => MidiSong.Read(f, MidiReadingSettings.Lenient)).ToList();
        var report = EvaluationReport.Evaluate(songs.Take(3).ToList(), songs.Skip(3).ToList());
        foreach (var h in report.HistogramDistances)
        {
            Assert.InRange(h.Overlap, 0.2, 1.0);
            Assert.InRange(h.Kl, 0, 5);
        }
        foreach (var f in report.YangLerch)
        {
            Assert.Equal(3, f.Samples);
            Assert.InRange(f.OaIntraGeneratedInter, 0, 1.01);
            Assert.False(double.IsNaN(f.KlIntraGeneratedInter), f.Feature);
        }
        var pitchRange = report.MusPy.Single(m => m.Metric == "pitch_range");
        Assert.InRange(pitchRange.ReferenceMean, 30, 88);
        // Piano pieces: every song has notes, so the pitch features are defined for each.
        Assert.All(songs, s => Assert.InRange(YangLerchFeatures.TotalUsedPitch(s), 10, 88));
    }
}
