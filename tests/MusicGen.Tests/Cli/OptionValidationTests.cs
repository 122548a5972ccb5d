using MusicGen.Midi;
using MusicGen.Models;
using MusicGen.Nn;

namespace MusicGen.Tests.Cli;

/// <summary>
/// Issue 14's repros: every bad option or checkpoint is one line on stderr naming the option (or file)
/// and the allowed range, exit 2, before any work, and nothing is written.
/// </summary>
public sealed class OptionValidationTests : IClassFixture<OptionValidationTests.Checkpoint>, IDisposable
{
    /// <summary>One tiny pitch-step-duration checkpoint shared by the tests.</summary>
    public sealed class Checkpoint : IDisposable
    {
        public string Folder { get; } = Directory.CreateTempSubdirectory("musicgen-valid-").FullName;
        public string Path => System.IO.Path.Combine(Folder, "psd.safetensors");

        public Checkpoint()
        {
            var (exit, _, stderr) = CliTests.Run("train", "--preset", "pitch-step-duration", "--data", "sample", "--quick", "--epochs", "1", "--out", Path);
            Assert.True(exit == 0, stderr);
        }

        public void Dispose() => Directory.Delete(Folder, recursive: true);
    }

    private readonly Checkpoint _checkpoint;
    private readonly string _dir = Directory.CreateTempSubdirectory("musicgen-valid-").FullName;

    public OptionValidationTests(Checkpoint checkpoint) => _checkpoint = checkpoint;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string OneLine(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("musicgen: ", lines[0]);
        return lines[0];
    }

    private string Out(string name) => System.IO.Path.Combine(_dir, name);

    [Theory]
    [InlineData("--temperature", "-1", "--temperature -1: must be a number in [0, 100]")]
    [InlineData("--temperature", "NaN", "--temperature NaN: must be a number in [0, 100]")]
    [InlineData("--notes", "100000000", "--notes 100000000: must be an integer from 1 to 1000000")]
    [InlineData("--notes", "2147483647", "--notes 2147483647: must be an integer from 1 to 1000000")]
    [InlineData("--notes", "0", "--notes 0: must be an integer from 1 to 1000000")]
    [InlineData("--top-p", "1.5", "--top-p 1.5: must be a number in (0, 1]")]
    [InlineData("--top-k", "-3", "--top-k -3: must be an integer from 0 to 1000000")]
    [InlineData("--quirk", "sometimes", "--quirk sometimes: must be fixed or faithful")]
    public void Generate_rejects_out_of_range_options_in_one_line(string option, string value, string expected)
    {
        var (exit, _, stderr) = CliTests.Run("generate", "--checkpoint", _checkpoint.Path, option, value, "--out", Out("g.mid"));
        Assert.Equal(2, exit);
        Assert.Contains(expected, OneLine(stderr));
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void A_mistyped_number_is_one_line_not_the_help_page()
    {
        var (exit, _, stderr) = CliTests.Run("generate", "--checkpoint", _checkpoint.Path, "--notes", "abc", "--out", Out("g.mid"));
        Assert.Equal(2, exit);
        Assert.Contains("--notes", OneLine(stderr));
    }

    [Theory]
    [InlineData("Dropout=1.5", "--set Dropout=1.5: must be a probability in [0, 1)")]
    [InlineData("Window=0", "--set Window=0: must be an integer from 1 to 100000")]
    [InlineData("HiddenSize=20000", "--set HiddenSize=20000: must be an integer from 1 to 16384")]
    [InlineData("LearningRate=NaN", "LearningRate")]
    [InlineData("TopP=0", "--set TopP=0: must be a number in (0, 1]")]
    public void Train_rejects_bad_set_values_before_reading_data(string assignment, string expected)
    {
        var output = Out("t.safetensors");
        var (exit, _, stderr) = CliTests.Run("train", "--preset", "pitch-step-duration", "--data", "/no/such/data", "--set", assignment, "--out", output);
        Assert.Equal(2, exit);
        Assert.Contains(expected, OneLine(stderr));
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Train_with_a_folder_as_out_fails_before_training_and_writes_nothing()
    {
        var folder = Directory.CreateDirectory(Out("dir")).FullName;
        var (exit, _, stderr) = CliTests.Run("train", "--preset", "pitch-step-duration", "--data", "sample", "--quick", "--out", folder);
        Assert.Equal(2, exit);
        Assert.Equal($"musicgen: --out {folder}: is a folder, not a file.", OneLine(stderr));
        Assert.Equal([folder], Directory.GetFileSystemEntries(_dir));
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public void Generate_with_a_folder_as_wav_writes_no_midi_either()
    {
        var o = Directory.CreateDirectory(Out("o")).FullName;
        var mid = System.IO.Path.Combine(o, "g.mid");
        var (exit, _, stderr) = CliTests.Run("generate", "--checkpoint", _checkpoint.Path, "--notes", "5", "--out", mid, "--wav", o);
        Assert.Equal(2, exit);
        Assert.Equal($"musicgen: --wav {o}: is a folder, not a file.", OneLine(stderr));
        Assert.Empty(Directory.GetFileSystemEntries(o));
    }

    /// <summary>The checkpoint with its options or one weight changed, as a corrupted or hand-edited file would be.</summary>
    private string Tampered(string name, Action<PresetOptions>? options = null, bool nan = false)
    {
        var (tensors, meta) = Safetensors.Read(_checkpoint.Path);
        if (options is not null)
        {
            var o = PresetOptions.FromJson(meta["options"]);
            options(o);
            meta["options"] = o.ToJson();
        }
        if (nan) tensors.First(t => !t.Key.StartsWith("optimizer.", StringComparison.Ordinal)).Value.Data[0] = float.NaN;
        var path = Out(name);
        Safetensors.Save(path, tensors, meta);
        return path;
    }

    [Fact]
    public void Checkpoint_options_and_weights_are_checked_before_a_model_is_built()
    {
        var cases = new (string File, string Expected)[]
        {
            (Tampered("window0.safetensors", o => o.Window = 0), "checkpoint option Window=0: must be an integer from 1 to 100000"),
            (Tampered("huge.safetensors", o => o.HiddenSize = 20000), "checkpoint option HiddenSize=20000: must be an integer from 1 to 16384"),
            (Tampered("wide.safetensors", o => o.HiddenSize = 4000), "the file holds"),
            (Tampered("nan.safetensors", nan: true), "contains NaN or infinite weights (1 of"),
            (Tampered("dropout.safetensors", o => o.Dropout = 1.5f), "checkpoint option Dropout=1.5: must be a probability in [0, 1)"),
        };
        foreach (var (file, expected) in cases)
        {
            var output = Out("g.mid");
            var (exit, _, stderr) = CliTests.Run("generate", "--checkpoint", file, "--notes", "5", "--out", output);
            Assert.Equal(2, exit);
            var line = OneLine(stderr);
            Assert.Contains(file, line);
            Assert.Contains(expected, line);
            Assert.False(File.Exists(output));
        }
    }

    [Fact]
    public void Generate_prints_the_quirk_it_used_and_faithful_differs_from_fixed()
    {
        var a = Out("fixed.mid");
        var b = Out("faithful.mid");
        var (exit, _, stderr) = CliTests.Run("generate", "--checkpoint", _checkpoint.Path, "--notes", "20", "--out", a);
        Assert.True(exit == 0, stderr);
        Assert.Contains("quirk fixed", stderr);
        (exit, _, stderr) = CliTests.Run("generate", "--checkpoint", _checkpoint.Path, "--notes", "20", "--quirk", "faithful", "--out", b);
        Assert.True(exit == 0, stderr);
        Assert.Contains("quirk faithful", stderr);
        // Seed 002's quirk feeds unscaled pitches back: same seed, different music.
        Assert.NotEqual(MidiSong.Read(a).GetAllNotes().Select(n => (n.Pitch, n.Start)), MidiSong.Read(b).GetAllNotes().Select(n => (n.Pitch, n.Start)));
        var (_, help, _) = CliTests.Run("generate", "--help");
        Assert.Contains("--quirk", help);
        (_, help, _) = CliTests.Run("train", "--help");
        Assert.Contains("Quirk=Faithful|Fixed", help);
    }

    [Fact]
    public void Midi_roll_refuses_an_fs_that_would_not_fit_memory()
    {
        var sample = Directory.GetFiles(MusicGen.Data.DatasetLocator.SampleFolder()!, "*.mid").First();
        var (exit, _, stderr) = CliTests.Run("midi", "roll", sample, "--fs", "1e12", "--out", Out("r.npy"));
        Assert.Equal(2, exit);
        Assert.Contains("--fs 1000000000000: must be a number of columns per second in (0, 100000]", OneLine(stderr));
        // An hour-long note at 100,000 columns per second: 3.6e8 columns, refused before allocating.
        var song = new MidiSong();
        var piano = new Instrument(0);
        piano.Notes.Add(new Note(60, 100, 0, 3600));
        song.Instruments.Add(piano);
        var hour = Out("hour.mid");
        song.Write(hour);
        (exit, _, stderr) = CliTests.Run("midi", "roll", hour, "--fs", "100000", "--out", Out("r.npy"));
        Assert.Equal(2, exit);
        Assert.Contains("columns", OneLine(stderr));
        Assert.False(File.Exists(Out("r.npy")));
    }

    [Fact]
    public void Midi_notes_reports_each_bad_file_and_goes_on()
    {
        var sample = Directory.GetFiles(MusicGen.Data.DatasetLocator.SampleFolder()!, "*.mid").Order(StringComparer.Ordinal).ToArray();
        var broken = Out("broken.mid");
        File.WriteAllBytes(broken, [0x4D, 0x54, 0x68, 0x64, 0, 0]);
        var missing = Out("missing.mid");
        var (exit, stdout, stderr) = CliTests.Run("midi", "notes", sample[0], broken, missing, sample[1], "--json");
        Assert.Equal(1, exit);
        var jsonLines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, jsonLines.Length);
        foreach (var line in jsonLines) System.Text.Json.JsonDocument.Parse(line).Dispose();
        var errors = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("warning:", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, errors.Count);
        Assert.Contains(broken, errors[0]);
        Assert.Contains(missing, errors[1]);
        Assert.Equal("musicgen: 2 of 4 files could not be read", errors[2]);
    }

    [Fact]
    public void Streamed_json_is_the_same_document_as_before()
    {
        var sample = Directory.GetFiles(MusicGen.Data.DatasetLocator.SampleFolder()!, "*.mid").First();
        var song = MidiSong.Read(sample);
        var (exit, stdout, _) = CliTests.Run("midi", "notes", sample, "--json");
        Assert.Equal(0, exit);
        using var doc = System.Text.Json.JsonDocument.Parse(stdout);
        var instruments = doc.RootElement.GetProperty("instruments").EnumerateArray().ToList();
        Assert.Equal(song.Instruments.Count, instruments.Count);
        for (int i = 0; i < instruments.Count; i++)
        {
            var notes = instruments[i].GetProperty("notes").EnumerateArray().ToList();
            Assert.Equal(song.Instruments[i].Notes.Count, notes.Count);
            for (int k = 0; k < notes.Count; k++)
            {
                var n = song.Instruments[i].Notes[k];
                Assert.Equal(n.Pitch, notes[k].GetProperty("pitch").GetInt32());
                Assert.Equal(n.Start, notes[k].GetProperty("start").GetDouble());
                Assert.Equal(n.End, notes[k].GetProperty("end").GetDouble());
            }
        }
    }
}
