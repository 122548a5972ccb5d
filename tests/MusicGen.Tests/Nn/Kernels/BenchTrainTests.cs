using System.Text.Json;
using MusicGen.Cli;
using MusicGen.Cli.Bench;

namespace MusicGen.Tests.Nn.Kernels;

/// <summary><c>musicgen bench train</c>: the JSON contract and bad input (timings are never asserted).</summary>
public class BenchTrainTests
{
    static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = Program.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void Json_has_the_contract_fields_and_torch_parameter_count()
    {
        var (exit, stdout, stderr) = Run("bench", "train", "--preset", "pitch-step-duration", "--batch", "4", "--steps", "1", "--json");
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal("pitch-step-duration", root.GetProperty("preset").GetString());
        Assert.Equal(4, root.GetProperty("batch").GetInt32());
        Assert.True(root.GetProperty("steps_per_s").GetDouble() > 0);
        Assert.Equal(4 * root.GetProperty("steps_per_s").GetDouble(), root.GetProperty("seq_per_s").GetDouble(), 6);
        // torch_peer.py's PitchStepDuration: LSTM(3, 128) with two bias vectors + Linear 128→128, 128→1, 128→1.
        Assert.Equal(4 * 128 * (3 + 128 + 2) + 128 * 129 + 2 * 129, root.GetProperty("parameters").GetInt64());
        Assert.True(double.IsFinite(root.GetProperty("loss").GetDouble()));
        Assert.True(root.GetProperty("peak_working_set_bytes").GetInt64() > 0);
        Assert.False(root.TryGetProperty("ratio", out _)); // only with --peer
        Assert.Equal(1, root.GetProperty("steps").GetInt32());
        Assert.True(root.GetProperty("warmup_steps").GetInt32() >= 2); // and at least 1 s of them
    }

    [Theory]
    [InlineData(0.005, 600)]   // pitch-step-duration: 3 s of 5 ms steps
    [InlineData(0.2, 15)]
    [InlineData(1.0, 10)]      // notes-and-chords: never fewer than 10
    [InlineData(0.0, 100_000)] // a step too fast to time is capped
    public void Without_a_step_count_about_three_seconds_are_timed(double stepSeconds, int expected) =>
        Assert.Equal(expected, MusicGen.Cli.Bench.TrainBenchmark.TimedSteps(TimeSpan.FromSeconds(stepSeconds)));

    [Fact]
    public void Profile_prints_the_step_by_phase()
    {
        var (exit, _, stderr) = Run("bench", "train", "--preset", "pitch-step-duration", "--batch", "4", "--steps", "2", "--profile");
        Assert.True(exit == 0, stderr);
        // One batch share (4 rows) runs the window's 25 steps: 25 cell passes per training step, forward and backward.
        var cell = stderr.Split('\n').Single(l => l.TrimStart().StartsWith("LstmCellForward ", StringComparison.Ordinal));
        Assert.Equal("25.0", cell.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3]);
        Assert.Contains("LstmCellBackward", stderr);
        Assert.Contains("Optimizer", stderr);
        Assert.Contains("total", stderr);
        Assert.Contains("KiB/step", stderr);
    }

    [Theory]
    // Counts printed by torch for torch_peer.py's ChordStackedLstm(2000) and NotesAndChords(358).
    [InlineData("chord-stacked-lstm", 1_949_136)]
    [InlineData("notes-and-chords", 5_482_086)]
    public void Models_have_the_peer_s_parameter_counts(string preset, long parameters) =>
        Assert.Equal(parameters, TrainBenchmark.CreateTask(preset, 2).Model.ParameterCount());

    [Fact]
    public void An_unknown_preset_is_one_line_and_exit_2()
    {
        var (exit, _, stderr) = Run("bench", "train", "--preset", "no-such", "--json");
        Assert.Equal(2, exit);
        Assert.Contains("unknown preset 'no-such'", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void Peer_needs_the_peer_batch()
    {
        var (exit, _, stderr) = Run("bench", "train", "--preset", "pitch-step-duration", "--batch", "8", "--peer");
        Assert.Equal(2, exit);
        Assert.Contains("--batch 64", stderr);
    }

    [Fact]
    public void The_peer_is_found_in_the_benchmarks_project_and_is_executable()
    {
        var path = TorchPeer.Find();
        Assert.NotNull(path);
        Assert.EndsWith(Path.Combine("tests", "MusicGen.Benchmarks", "peers", "torch_peer.py"), path);
        if (!OperatingSystem.IsWindows()) Assert.True(File.GetUnixFileMode(path!).HasFlag(UnixFileMode.UserExecute));
    }

    [Fact]
    public void Bench_models_are_the_presets_own_networks() =>
        Assert.IsType<MusicGen.Models.ChordStackedLstmNet>(TrainBenchmark.CreateTask("chord-stacked-lstm", 2).Model);

    [Fact]
    public void A_failing_peer_is_one_line_naming_the_peer_and_exit_2()
    {
        if (OperatingSystem.IsWindows()) return;
        var dir = Directory.CreateTempSubdirectory("musicgen-peer-");
        var fake = Path.Combine(dir.FullName, "torch_peer.py");
        File.WriteAllText(fake, "#!/bin/sh\necho 'Traceback (most recent call last):' >&2\necho 'PyTorch is not installed (apt-get install python3-torch)' >&2\nexit 1\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var before = Environment.GetEnvironmentVariable("MUSICGEN_TORCH_PEER");
        try
        {
            Environment.SetEnvironmentVariable("MUSICGEN_TORCH_PEER", fake);
            var (exit, _, stderr) = Run("bench", "train", "--preset", "pitch-step-duration", "--batch", "64", "--steps", "1", "--peer");
            Assert.Equal(2, exit);
            var last = stderr.TrimEnd().Split('\n')[^1];
            Assert.Equal("musicgen: torch_peer.py: PyTorch is not installed (apt-get install python3-torch) (exit 1)", last);
            Assert.DoesNotContain("   at ", stderr);
        }
        finally
        {
            Environment.SetEnvironmentVariable("MUSICGEN_TORCH_PEER", before);
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Rounds_report_each_side_s_median_and_keep_every_round()
    {
        if (OperatingSystem.IsWindows()) return;
        // A peer whose speed is scripted per call: rounds call it with 1 thread, then 2, three times over.
        var dir = Directory.CreateTempSubdirectory("musicgen-peer-");
        var fake = Path.Combine(dir.FullName, "torch_peer.py");
        File.WriteAllText(fake, $$"""
            #!/bin/sh
            n=$(cat '{{dir.FullName}}/calls' 2>/dev/null || echo 0); n=$((n + 1)); echo $n > '{{dir.FullName}}/calls'
            set -- 10 50 30 5 20 40; shift $((n - 1))
            echo "{\"preset\": \"pitch-step-duration\", \"steps_per_s\": $1}"
            """.Replace("\r", ""));
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var before = Environment.GetEnvironmentVariable("MUSICGEN_TORCH_PEER");
        try
        {
            Environment.SetEnvironmentVariable("MUSICGEN_TORCH_PEER", fake);
            var (exit, stdout, stderr) = Run("bench", "train", "--preset", "pitch-step-duration", "--batch", "64", "--steps", "1",
                "--peer", "--rounds", "3", "--no-gemm", "--json");
            Assert.True(exit == 0, stderr);
            using var doc = JsonDocument.Parse(stdout);
            var root = doc.RootElement;
            var rounds = root.GetProperty("rounds").EnumerateArray().ToArray();
            Assert.Equal(3, rounds.Length);
            var ours = rounds.Select(r => r.GetProperty("steps_per_s").GetDouble()).Order().ToArray();
            Assert.Equal(ours[1], root.GetProperty("steps_per_s").GetDouble());
            Assert.Equal([10.0, 30.0, 20.0], rounds.Select(r => r.GetProperty("peer_runs").GetProperty("1").GetDouble()));
            Assert.Equal([50.0, 5.0, 40.0], rounds.Select(r => r.GetProperty("peer_runs").GetProperty("2").GetDouble()));
            // Medians 20 (1 thread) and 40 (2 threads): the peer's best thread count is 2 at 40.
            Assert.Equal(20.0, root.GetProperty("peer_runs").GetProperty("1").GetDouble());
            Assert.Equal(40.0, root.GetProperty("peer_steps_per_s").GetDouble());
            Assert.Equal(2, root.GetProperty("peer_threads").GetInt32());
            Assert.Equal(ours[1] / 40.0, root.GetProperty("ratio").GetDouble(), 9);
        }
        finally
        {
            Environment.SetEnvironmentVariable("MUSICGEN_TORCH_PEER", before);
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Zero_rounds_is_one_line_and_exit_2()
    {
        var (exit, _, stderr) = Run("bench", "train", "--preset", "pitch-step-duration", "--rounds", "0");
        Assert.Equal(2, exit);
        Assert.Contains("--rounds: must be ≥ 1, got 0", stderr);
    }
}
