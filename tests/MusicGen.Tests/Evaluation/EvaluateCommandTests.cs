using System.Text.Json;
using MusicGen.Cli;
using MusicGen.Evaluation;
using MusicGen.Midi;

namespace MusicGen.Tests.Evaluation;

/// <summary><c>musicgen evaluate</c> in-process through <see cref="Program.Run"/>.</summary>
public sealed class EvaluateCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "musicgen-eval-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = Program.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    private string Folder(string name, params MidiSong[] songs)
    {
        var dir = Path.Combine(_root, name);
        Directory.CreateDirectory(dir);
        for (var i = 0; i < songs.Length; i++) songs[i].Write(Path.Combine(dir, $"song{i:00}.mid"));
        return dir;
    }

    private static MidiSong[] Songs(int seed, int count) =>
        Enumerable.Range(0, count).Select(i => EvalSongs.Random(seed + i, notes: 25)).ToArray();

    [Fact]
    public void Json_report_has_every_section()
    {
        var gen = Folder("gen", Songs(1, 3));
        var refs = Folder("ref", Songs(50, 4));
        var (exit, stdout, stderr) = Run("evaluate", "--generated", gen, "--reference", refs, "--json");
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(3, root.GetProperty("generated").GetProperty("songs").GetInt32());
        Assert.Equal(4, root.GetProperty("reference").GetProperty("songs").GetInt32());
        foreach (var f in new[] { "pitch", "step", "duration", "velocity" })
        {
            var h = root.GetProperty("histograms").GetProperty(f);
            Assert.True(h.GetProperty("kl").GetDouble() >= 0);
            Assert.InRange(h.GetProperty("overlap").GetDouble(), 0, 1 + 1e-12);
            Assert.True(h.GetProperty("wasserstein1").GetDouble() > 0);
        }
        var yl = root.GetProperty("yangLerch");
        Assert.Equal(YangLerch.DefaultFeatures.Count, yl.EnumerateObject().Count());
        var pc = yl.GetProperty("total_used_pitch");
        Assert.Equal(3, pc.GetProperty("samples").GetInt32());
        Assert.Equal(JsonValueKind.Number, pc.GetProperty("generated").GetProperty("mean").ValueKind);
        Assert.Equal(12, yl.GetProperty("total_pitch_class_histogram").GetProperty("generated").GetProperty("mean").GetArrayLength());
        var muspy = root.GetProperty("muspy");
        Assert.Equal(14, muspy.EnumerateObject().Count());
        // No drums anywhere: drum metrics are undefined (null), not 0.
        Assert.Equal(JsonValueKind.Null, muspy.GetProperty("drum_pattern_consistency").GetProperty("generated").ValueKind);
        Assert.Contains("evaluating 3 generated vs 4 reference songs", stderr);
    }

    [Fact]
    public void Identical_sets_have_zero_histogram_distance()
    {
        var songs = Songs(7, 3);
        var gen = Folder("a", songs);
        var refs = Folder("b", songs);
        var (exit, stdout, stderr) = Run("evaluate", "--generated", gen, "--reference", refs, "--json");
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        foreach (var h in doc.RootElement.GetProperty("histograms").EnumerateObject())
        {
            Assert.Equal(0.0, h.Value.GetProperty("kl").GetDouble(), 12);
            Assert.Equal(1.0, h.Value.GetProperty("overlap").GetDouble(), 12);
            Assert.Equal(0.0, h.Value.GetProperty("wasserstein1").GetDouble(), 12);
        }
        var pr = doc.RootElement.GetProperty("muspy").GetProperty("pitch_range");
        Assert.Equal(pr.GetProperty("generated").GetDouble(), pr.GetProperty("reference").GetDouble());
    }

    [Fact]
    public void Text_output_prints_the_three_tables()
    {
        var gen = Folder("gen", Songs(3, 2));
        var refs = Folder("ref", Songs(30, 2));
        var (exit, stdout, stderr) = Run("evaluate", "--generated", gen, "--reference", refs);
        Assert.True(exit == 0, stderr);
        Assert.Contains("Histogram distances", stdout);
        Assert.Contains("Yang & Lerch", stdout);
        Assert.Contains("MusPy metrics", stdout);
        Assert.Contains("scale_consistency", stdout);
    }

    [Fact]
    public void Missing_or_empty_folders_give_one_line_and_a_non_zero_exit()
    {
        var refs = Folder("ref", Songs(30, 2));
        var missing = Path.Combine(_root, "nope");
        var (exit, stdout, stderr) = Run("evaluate", "--generated", missing, "--reference", refs, "--json");
        Assert.NotEqual(0, exit);
        Assert.Equal("", stdout);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(missing, stderr);
        Assert.Contains("no such folder", stderr);

        var empty = Path.Combine(_root, "empty");
        Directory.CreateDirectory(empty);
        File.WriteAllText(Path.Combine(empty, "readme.txt"), "not midi");
        (exit, _, stderr) = Run("evaluate", "--generated", refs, "--reference", empty);
        Assert.NotEqual(0, exit);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("no MIDI files", stderr);
    }

    [Fact]
    public void Songs_without_notes_give_nulls_not_a_crash()
    {
        var silent = new MidiSong();
        silent.Instruments.Add(new Instrument(0));
        var gen = Folder("gen", silent, silent);
        var refs = Folder("ref", Songs(30, 2));
        var (exit, stdout, stderr) = Run("evaluate", "--generated", gen, "--reference", refs, "--json");
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var pitch = doc.RootElement.GetProperty("histograms").GetProperty("pitch");
        Assert.Equal(JsonValueKind.Null, pitch.GetProperty("kl").ValueKind);
        Assert.Equal(0, pitch.GetProperty("generatedCount").GetInt32());
        var pc = doc.RootElement.GetProperty("yangLerch").GetProperty("total_used_pitch");
        Assert.Equal(0.0, pc.GetProperty("generated").GetProperty("mean").GetDouble());
        Assert.Equal(JsonValueKind.Null, pc.GetProperty("klIntraGeneratedInter").ValueKind); // zero variance
        Assert.Equal(0, doc.RootElement.GetProperty("yangLerch").GetProperty("pitch_range").GetProperty("samples").GetInt32());
    }

    [Fact]
    public void Malformed_midi_names_the_file()
    {
        var gen = Folder("gen", Songs(3, 1));
        File.WriteAllBytes(Path.Combine(gen, "broken.mid"), new byte[] { 0x4D, 0x54, 0x68, 0x64, 0, 0 });
        File.WriteAllBytes(Path.Combine(gen, "broken2.mid"), new byte[] { 1, 2, 3 });
        var refs = Folder("ref", Songs(30, 1));
        var (exit, _, stderr) = Run("evaluate", "--generated", gen, "--reference", refs, "--json");
        Assert.NotEqual(0, exit);
        // Each bad file is named on a line of its own, then one summary line.
        var lines = stderr.Trim().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Contains("broken.mid", lines[0]);
        Assert.Contains("broken2.mid", lines[1]);
        Assert.Contains("2 of 3 MIDI files could not be read (--generated)", lines[2]);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void The_reference_statistics_do_not_depend_on_the_generated_set_and_empty_columns_say_why()
    {
        var refs = Folder("ref", Songs(30, 6));
        var two = Folder("gen2", Songs(3, 2));
        var five = Folder("gen5", Songs(3, 5));
        double RefMean(string gen, out string text)
        {
            var (exit, stdout, stderr) = Run("evaluate", "--generated", gen, "--reference", refs, "--json");
            Assert.True(exit == 0, stderr);
            text = stdout;
            using var doc = JsonDocument.Parse(stdout);
            return doc.RootElement.GetProperty("yangLerch").GetProperty("total_used_pitch").GetProperty("reference").GetProperty("mean").GetDouble();
        }
        double a = RefMean(two, out var json2), b = RefMean(five, out _);
        Assert.Equal(a, b);
        var expected = Songs(30, 6).Average(YangLerchFeatures.TotalUsedPitch);
        Assert.Equal(expected, a, 12);
        // Two generated songs: KL/OA are undefined, and the report says how many songs they need.
        using (var doc = JsonDocument.Parse(json2))
        {
            var row = doc.RootElement.GetProperty("yangLerch").GetProperty("total_used_pitch");
            Assert.Equal(JsonValueKind.Null, row.GetProperty("klIntraGeneratedInter").ValueKind);
            Assert.Equal("KL and OA need at least 3 songs with the feature defined in each set; the smaller set has 2",
                row.GetProperty("undefinedBecause").GetString());
        }
        var (_, text, _) = Run("evaluate", "--generated", two, "--reference", refs);
        Assert.Contains("note: total_used_pitch: — because KL and OA need at least 3 songs", text);
    }
}
