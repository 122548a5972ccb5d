using MusicGen.Data;
using MusicGen.Midi;
using MusicGen.Representations;

namespace MusicGen.Tests.Data;

/// <summary>A fact that runs only when MUSICGEN_REGENERATE_SAMPLE=1 (it rewrites data/sample/).</summary>
public sealed class RegenerateFactAttribute : FactAttribute
{
    public RegenerateFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("MUSICGEN_REGENERATE_SAMPLE") != "1")
            Skip = "set MUSICGEN_REGENERATE_SAMPLE=1 to rewrite data/sample/ from SampleSongs";
    }
}

/// <summary>data/sample/ is exactly what <see cref="SampleSongs"/> generates.</summary>
public class SampleDataTests
{
    private static string SampleFolder() =>
        DatasetLocator.SampleFolder() ?? throw new InvalidOperationException("data/sample not found: run the tests inside the repository.");

    [RegenerateFact]
    public void Regenerate_sample()
    {
        var folder = Path.Combine(DatasetLocator.FindRepositoryRoot()!, "data", "sample");
        Directory.CreateDirectory(folder);
        foreach (var (name, song) in SampleSongs.All())
            MidiFile.FromSong(song).Write(Path.Combine(folder, name + ".mid"));
        SampleSongs.BuildSplit().Save(Path.Combine(folder, "sample-split.json"));
    }

    [Fact]
    public void Sample_midi_files_hold_the_generators_notes()
    {
        var files = MidiFolder.ListFiles(SampleFolder());
        var songs = SampleSongs.All();
        Assert.Equal(songs.Select(s => s.Name + ".mid").Order(StringComparer.Ordinal), files.Select(Path.GetFileName));
        var total = 0;
        foreach (var (name, expected) in songs)
        {
            var actual = MidiFile.Read(Path.Combine(SampleFolder(), name + ".mid"), MidiReadingSettings.Strict).ToSong();
            var want = expected.Instruments.Where(i => i.Notes.Count > 0).ToList();
            var got = actual.Instruments.Where(i => i.Notes.Count > 0).ToList();
            Assert.Equal(want.Select(i => i.Name), got.Select(i => i.Name));
            for (var k = 0; k < want.Count; k++)
            {
                var a = want[k].Notes.OrderBy(n => n.Start).ThenBy(n => n.Pitch).ToList();
                var b = got[k].Notes.OrderBy(n => n.Start).ThenBy(n => n.Pitch).ToList();
                Assert.Equal(a.Count, b.Count);
                for (var j = 0; j < a.Count; j++)
                {
                    Assert.Equal(a[j].Pitch, b[j].Pitch);
                    Assert.Equal(a[j].Velocity, b[j].Velocity);
                    Assert.Equal(a[j].Start, b[j].Start, 0.002); // one tick at 480 ppq is ≤ 1.2 ms here
                    Assert.Equal(a[j].End, b[j].End, 0.002);
                }
                total += a.Count;
            }
        }
        Assert.InRange(total, 2000, 3000);
    }

    [Fact]
    public void Sample_split_json_is_the_generators_split()
    {
        var expected = SampleSongs.BuildSplit();
        var actual = PianoRollDataset.Open("sample");
        foreach (var split in new[] { "train", "valid", "test" })
        {
            var a = expected.Split(split);
            var b = actual.Split(split);
            Assert.Equal(a.Count, b.Count);
            for (var i = 0; i < a.Count; i++) Assert.Equal(a[i], b[i]);
        }
        Assert.Equal(3 * SampleSongs.All().Count, actual.Train.Count);
        Assert.All(actual.Train.SelectMany(p => p).SelectMany(s => s), p => Assert.InRange(p, 21, 108));
    }

    [Fact]
    public void Sample_has_two_hand_files_for_melody_extraction_and_chords_for_tokenizers()
    {
        var songs = MidiFolder.Load(SampleFolder());
        Assert.Equal(10, songs.Count);
        var twoHands = songs.Where(s => s.Song.Instruments.Any(i => i.Name == "Piano right") && s.Song.Instruments.Any(i => i.Name == "Piano left")).ToList();
        Assert.True(twoHands.Count >= 2);
        foreach (var (_, song) in twoHands)
        {
            var melody = Melody.ExtractRightHand(song);
            Assert.NotEmpty(melody);
            Assert.Equal("Piano right", Melody.FindRightHand(song)!.Name);
        }
        var chorale = songs.Single(s => s.Path.EndsWith("chorale-in-c.mid", StringComparison.Ordinal)).Song;
        var tokens = NoteChordTokens.FromSong(chorale);
        Assert.Contains("0.4.7", tokens);   // C major triad
        Assert.Contains("7.11.2", tokens);  // G major triad
        var ids = new ChordSetTokenizer().Encode(chorale);
        Assert.True(ids.Distinct().Count() > 5);
    }

    /// <summary>What the notebooks ask of the sample when no dataset is installed: notebook 06 reads
    /// windows of 100 note/chord tokens and continues its longest piece by up to 200 tokens; notebook 03
    /// takes every piece's right-hand melody; notebook 07 splits the pieces into two halves.</summary>
    [Fact]
    public void Sample_is_long_enough_for_every_notebook()
    {
        var songs = SampleSongs.All();
        var tokens = songs.Select(s => NoteChordTokens.FromSong(s.Song).Count).ToList();
        Assert.True(tokens.Max() >= 100 + 200, $"longest piece has {tokens.Max()} tokens");
        Assert.True(tokens.Count(t => t > 100 + 10) >= 5, $"token counts: {string.Join(", ", tokens)}");
        Assert.All(songs, s => Assert.True(Melody.ExtractRightHand(s.Song).Count >= 20, s.Name));
        Assert.All(songs, s => Assert.InRange(s.Song.GetEndTime(), 15, 120));
        Assert.Contains(songs, s => s.Song.KeySignatures[0].KeyNumber >= 12);   // a minor key in the sample
    }
}
