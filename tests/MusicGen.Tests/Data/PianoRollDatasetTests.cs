using MusicGen.Data;

namespace MusicGen.Tests.Data;

/// <summary>A theory that needs real datasets: skipped with a reason when one is absent.</summary>
public sealed class DataTheoryAttribute : TheoryAttribute
{
    public DataTheoryAttribute(params string[] datasets)
    {
        var missing = datasets.Where(d => DatasetLocator.Find(d) is null).ToList();
        if (missing.Count > 0)
            Skip = $"dataset(s) {string.Join(", ", missing)} not found: set {DatasetLocator.EnvironmentVariable} to a folder holding them";
    }
}

/// <summary>The Boulanger-Lewandowski JSON splits: counts from SOURCES.md §6.2 and SOURCE.md,
/// 88-key frames, and the format checks.</summary>
public class PianoRollDatasetTests
{
    [DataTheory("jsb-chorales", "piano-midi", "nottingham")]
    // (train/valid/test pieces; frames) as listed in SOURCES.md §6.2.
    [InlineData("jsb-chorales", 229, 76, 77, 13807, 4602, 4725)]
    [InlineData("piano-midi", 87, 12, 25, 75911, 8540, 19036)]
    [InlineData("nottingham", 694, 173, 170, 176561, 45513, 44463)]
    public void Benchmark_splits_have_the_published_sizes(string name, int train, int valid, int test, int trainSteps, int validSteps, int testSteps)
    {
        var d = PianoRollDataset.Open(name);
        Assert.Equal((train, valid, test), (d.Train.Count, d.Valid.Count, d.Test.Count));
        Assert.Equal((trainSteps, validSteps, testSteps), (d.Train.Sum(p => p.Count), d.Valid.Sum(p => p.Count), d.Test.Sum(p => p.Count)));
        Assert.All(d.Train.SelectMany(p => p).SelectMany(s => s), p => Assert.InRange(p, 21, 108));
    }

    [DataFact("jsb-chorales")]
    public void Jsb_quarter_frames_are_88_key_binary_with_at_most_four_notes()
    {
        var d = PianoRollDataset.Open("jsb-chorales");
        var first = d.Train[0];
        var frames = PianoRollDataset.ToKeyFrames(first);
        Assert.Equal(first.Count, frames.GetLength(0));
        Assert.Equal(88, frames.GetLength(1));
        Assert.Equal(first, PianoRollDataset.FromKeyFrames(frames));
        var pitches = d.Train.Concat(d.Valid).Concat(d.Test).SelectMany(p => p).SelectMany(s => s).ToList();
        Assert.Equal((43, 96), (pitches.Min(), pitches.Max()));
        Assert.True(d.Train.SelectMany(p => p).All(s => s.Length <= 4));
    }

    [Fact]
    public void Key_frames_map_midi_21_to_column_0_and_reject_outside_pitches()
    {
        var piece = new List<int[]> { new[] { 21, 60, 108 }, Array.Empty<int>() };
        var frames = PianoRollDataset.ToKeyFrames(piece);
        Assert.Equal(1f, frames[0, 0]);
        Assert.Equal(1f, frames[0, 39]);
        Assert.Equal(1f, frames[0, 87]);
        Assert.Equal(3f, Enumerable.Range(0, 88).Sum(k => frames[0, k]));
        Assert.Equal(0f, Enumerable.Range(0, 88).Sum(k => frames[1, k]));
        Assert.Throws<ArgumentException>(() => PianoRollDataset.ToKeyFrames(new List<int[]> { new[] { 20 } }));
    }

    [Fact]
    public void Save_then_load_round_trips_and_bad_files_name_the_problem()
    {
        var temp = Directory.CreateTempSubdirectory("rolls-");
        try
        {
            var d = new PianoRollDataset("t", [[[60, 64], []]], [[[61]]], []);
            var path = Path.Combine(temp.FullName, "t.json");
            d.Save(path);
            var back = PianoRollDataset.Load(path);
            Assert.Equal(d.Train[0], back.Train[0]);
            Assert.Equal(d.Valid[0], back.Valid[0]);
            Assert.Empty(back.Test);
            File.WriteAllText(path, "{\"train\": [[[60.5]]], \"valid\": [], \"test\": []}");
            var e = Assert.Throws<FormatException>(() => PianoRollDataset.Load(path));
            Assert.Contains(path, e.Message);
            Assert.Contains("60.5", e.Message);
            File.WriteAllText(path, "{\"train\": []}");
            Assert.Contains("valid", Assert.Throws<FormatException>(() => PianoRollDataset.Load(path)).Message);
        }
        finally
        {
            temp.Delete(true);
        }
    }
}
