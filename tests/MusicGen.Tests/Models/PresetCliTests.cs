using System.Text.Json;
using MusicGen.Midi;
using MusicGen.Nn;
using MusicGen.Tests.Cli;

namespace MusicGen.Tests.Models;

/// <summary>musicgen presets / train / generate through Program.Run.</summary>
public class PresetCliTests
{
    [Fact]
    public void Presets_json_lists_id_seed_and_parameters()
    {
        var (exit, stdout, _) = CliTests.Run("presets", "--json");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(stdout);
        var byId = doc.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!);
        foreach (var id in PresetRegistryTests.NineIds) Assert.True(byId.ContainsKey(id), id);
        Assert.Equal(84_866, byId["pitch-step-duration"].GetProperty("parameters").GetInt64());
        Assert.Equal(5_461_783, byId["notes-and-chords"].GetProperty("parameters").GetInt64());
        Assert.Contains("Classical-Piano-Composer", byId["notes-and-chords"].GetProperty("citation").GetString());
    }

    [Fact]
    public void Train_quick_then_generate_writes_midi_and_wav()
    {
        var dir = Directory.CreateTempSubdirectory("musicgen-cli-");
        try
        {
            var ckpt = Path.Combine(dir.FullName, "psd.safetensors");
            var (exit, stdout, stderr) = CliTests.Run("train", "--preset", "pitch-step-duration", "--data", "sample", "--quick", "--epochs", "1", "--out", ckpt, "--json");
            Assert.True(exit == 0, stderr);
            Assert.True(File.Exists(ckpt));
            using (var doc = JsonDocument.Parse(stdout)) Assert.Equal(1, doc.RootElement.GetProperty("epochs").GetInt32());

            var mid = Path.Combine(dir.FullName, "out.mid");
            var wav = Path.Combine(dir.FullName, "out.wav");
            (exit, stdout, stderr) = CliTests.Run("generate", "--checkpoint", ckpt, "--notes", "30", "--temperature", "1.5", "--top-k", "10", "--seed", "4", "--out", mid, "--wav", wav, "--json");
            Assert.True(exit == 0, stderr);
            Assert.Equal(30, MidiSong.Read(mid).GetAllNotes().Count);
            using (var doc = JsonDocument.Parse(stdout))
            {
                // "seconds" is the generation time, notes_per_s = notes / seconds; the music's length is separate.
                var r = doc.RootElement;
                Assert.Equal(30, r.GetProperty("notes").GetInt32());
                Assert.Equal(mid, r.GetProperty("out").GetString());
                double seconds = r.GetProperty("seconds").GetDouble(), rate = r.GetProperty("notes_per_s").GetDouble();
                Assert.True(seconds > 0);
                Assert.Equal(30 / seconds, rate, 6);
                // music_seconds is the in-memory song's end; the written file rounds times to ticks.
                Assert.InRange(r.GetProperty("music_seconds").GetDouble() - MidiSong.Read(mid).GetEndTime(), -0.1, 0.1);
            }
            Assert.True(new FileInfo(wav).Length > 44);

            // Same seed → same file.
            var mid2 = Path.Combine(dir.FullName, "out2.mid");
            (exit, _, _) = CliTests.Run("generate", "--checkpoint", ckpt, "--notes", "30", "--temperature", "1.5", "--top-k", "10", "--seed", "4", "--out", mid2);
            Assert.Equal(0, exit);
            Assert.Equal(File.ReadAllBytes(mid), File.ReadAllBytes(mid2));
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void Train_writes_an_epoch_checkpoint_and_resume_finishes_the_run_as_if_uninterrupted()
    {
        var dir = Directory.CreateTempSubdirectory("musicgen-cli-");
        try
        {
            var straight = Path.Combine(dir.FullName, "straight.safetensors");
            var (exit, _, stderr) = CliTests.Run("train", "--preset", "pitch-step-duration", "--data", "sample", "--quick", "--epochs", "2", "--out", straight);
            Assert.True(exit == 0, stderr);
            // A successful run removes its per-epoch files.
            Assert.False(File.Exists(Path.Combine(dir.FullName, "straight.epoch.safetensors")));
            Assert.False(File.Exists(Path.Combine(dir.FullName, "straight.epoch.best.safetensors")));

            // Interrupted after one epoch (simulated by --epochs 1 --keep-epochs), then resumed to two.
            var resumed = Path.Combine(dir.FullName, "resumed.safetensors");
            (exit, _, stderr) = CliTests.Run("train", "--preset", "pitch-step-duration", "--data", "sample", "--quick", "--epochs", "1", "--out", resumed, "--keep-epochs");
            Assert.True(exit == 0, stderr);
            Assert.True(File.Exists(Path.Combine(dir.FullName, "resumed.epoch.safetensors")));
            Assert.True(exit == 0, stderr);
            (exit, _, stderr) = CliTests.Run("train", "--preset", "pitch-step-duration", "--data", "sample", "--quick", "--epochs", "2", "--out", resumed, "--resume");
            Assert.True(exit == 0, stderr);
            Assert.Contains("resumed from", stderr);

            var a = Safetensors.Load(straight);
            var b = Safetensors.Load(resumed);
            Assert.Equal(a.Keys.Order(), b.Keys.Order());
            foreach (var (name, tensor) in a) Assert.Equal(tensor.ToArray(), b[name].ToArray());

            (exit, _, stderr) = CliTests.Run("train", "--preset", "pitch-step-duration", "--data", "sample", "--quick", "--out", Path.Combine(dir.FullName, "none.safetensors"), "--resume");
            Assert.Equal(2, exit);
            Assert.Contains("no epoch checkpoint", stderr);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void Train_set_overrides_options_and_steps_per_epoch_is_accepted()
    {
        var dir = Directory.CreateTempSubdirectory("musicgen-cli-");
        try
        {
            var ckpt = Path.Combine(dir.FullName, "psd.safetensors");
            var (exit, stdout, stderr) = CliTests.Run("train", "--preset", "pitch-step-duration", "--data", "sample", "--quick", "--epochs", "2",
                "--set", "HiddenSize=8", "--set", "learningrate=0.02", "--set", "Window=4", "--steps-per-epoch", "2", "--out", ckpt, "--json");
            Assert.True(exit == 0, stderr);
            var expected = MusicGen.Models.Presets.Get("pitch-step-duration").UseTiny();
            expected.Options.HiddenSize = 8;
            using var doc = JsonDocument.Parse(stdout);
            Assert.Equal(expected.ParameterCount(), doc.RootElement.GetProperty("parameters").GetInt64());
            Assert.Equal(2, doc.RootElement.GetProperty("train_losses").GetArrayLength());
            Assert.Equal(2, doc.RootElement.GetProperty("valid_losses").GetArrayLength());

            // The options travel with the checkpoint: generate rebuilds the 8-unit model and its 4-row prompt.
            var trained = MusicGen.Models.PresetCheckpoint.Load(ckpt);
            Assert.Equal(8, trained.Preset.Options.HiddenSize);
            Assert.Equal(0.02, trained.Preset.Options.LearningRate, 12);
            Assert.Equal(4, trained.Prompt!.GetLength(0));
        }
        finally { dir.Delete(recursive: true); }
    }

    [Theory]
    [InlineData("train", "--preset", "melody-lstm", "--data", "sample", "--set", "NoSuchOption=1")]
    [InlineData("train", "--preset", "melody-lstm", "--data", "sample", "--set", "HiddenSize=big")]
    [InlineData("train", "--preset", "melody-lstm", "--data", "sample", "--set", "HiddenSize")]
    [InlineData("train", "--preset", "melody-lstm", "--data", "sample", "--steps-per-epoch", "0")]
    public void Bad_set_or_steps_is_one_line_naming_the_options(params string[] args)
    {
        var (exit, _, stderr) = CliTests.Run(args);
        Assert.Equal(2, exit);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains(args[^2] == "--set" ? "HiddenSize, HiddenSize2, LearningRate" : "--steps-per-epoch", stderr);
    }

    [Theory]
    [InlineData("generate", "--checkpoint", "/no/such/file.safetensors", "--out", "x.mid")]
    [InlineData("train", "--preset", "no-such", "--data", "sample")]
    [InlineData("train", "--preset", "melody-lstm", "--data", "/no/such/folder")]
    public void Bad_input_is_one_line_exit_2(params string[] args)
    {
        var (exit, _, stderr) = CliTests.Run(args);
        Assert.Equal(2, exit);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", stderr);
    }
}
