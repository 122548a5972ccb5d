using System.Text.Json;
using MusicGen.Cli;
using MusicGen.Cli.Bench;

namespace MusicGen.Tests.Nn.Kernels;

/// <summary><c>musicgen bench peak</c> and <c>bench generate</c>: the timed loops do the work they are credited with
/// (against scalar references), the FLOP count, the JSON, bad input. Timings are never asserted.</summary>
public class BenchPeakTests
{
    static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = Program.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    public static TheoryData<int> Widths() => new(FmaLoop.Widths.DefaultIfEmpty(0));

    [Theory]
    [MemberData(nameof(Widths))]
    public void The_fma_loop_computes_the_scalar_recurrence_in_every_lane(int bits)
    {
        if (bits == 0) return; // no hardware FMA: nothing is measured either
        foreach (var iterations in new long[] { 0, 1, 37, 5000 })
        {
            var actual = FmaLoop.Run(bits, iterations);
            var expected = FmaLoop.Expected(bits, iterations);
            Assert.Equal(expected, actual); // bit for bit: each lane rounds the same fused multiply-adds
        }
        // The recurrence moves every accumulator (towards 1), so a skipped iteration changes the result.
        Assert.NotEqual(FmaLoop.Expected(bits, 5000), FmaLoop.Expected(bits, 4999));
        Assert.Equal(2.0 * 12 * (bits / 32) * 1000, FmaLoop.Flops(bits, 1000));
    }

    [Fact]
    public void Triad_and_copy_match_the_scalar_loops()
    {
        var rng = new Random(2);
        var b = KernelTestData.Random(rng, 1003);
        var c = KernelTestData.Random(rng, 1003);
        var a = new float[1003];
        var expected = new float[1003];
        MemoryLoop.Triad(a, b, c, 3f, 5, 990);
        MemoryLoop.TriadNaive(expected, b, c, 3f, 5, 990);
        Assert.Equal(expected, a);
        MemoryLoop.Copy(a, b, 0, 1003);
        Assert.Equal(b, a);
    }

    [Fact]
    public void Peak_json_has_a_figure_per_width()
    {
        var (exit, stdout, stderr) = Run("bench", "peak", "--json", "--seconds", "0.02", "--no-memory");
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        var widths = root.GetProperty("fma").EnumerateArray().Select(f => f.GetProperty("bits").GetInt32()).ToArray();
        Assert.Equal(FmaLoop.Widths, widths);
        if (widths.Length > 0) Assert.True(root.GetProperty("peak_gflops_1").GetDouble() > 0);
        Assert.Equal(0, root.GetProperty("memory_floats").GetInt32());
        var (bad, _, err) = Run("bench", "peak", "--seconds", "0");
        Assert.Equal(2, bad);
        Assert.Contains("--seconds", err);
    }

    [Fact]
    public void Generate_json_counts_the_rows_of_the_inference_step()
    {
        var (exit, stdout, stderr) = Run("bench", "generate", "--preset", "pitch-step-duration", "--notes", "50", "--json");
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal("inference-step", root.GetProperty("path").GetString());
        Assert.Equal("note", root.GetProperty("unit").GetString());
        Assert.Equal(50, root.GetProperty("rows").GetInt32());
        Assert.True(root.GetProperty("rows_per_s").GetDouble() > 0);
        Assert.True(root.GetProperty("tape_rows_per_s").GetDouble() > 0);
        // LSTM(3 → 128) gates and the 128 → 130 heads, 2 FLOPs per multiply-add: the ~170 kFLOP per note of issue 13.
        Assert.Equal(2L * 4 * 128 * (3 + 128) + 2L * 128 * 130, root.GetProperty("flops_per_row").GetInt64());
        var (bad, _, err) = Run("bench", "generate", "--preset", "no-such");
        Assert.Equal(2, bad);
        Assert.Contains("--preset", err);
        Assert.Equal(2, Run("bench", "generate", "--notes", "0").Exit);
    }

    [Fact]
    public void Train_without_a_preset_runs_the_three_shapes_in_one_run()
    {
        var path = Path.Combine(Path.GetTempPath(), $"musicgen-peak-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, """{"fma":[],"peak_gflops_1":50,"peak_gflops_2":100,"copy_gbs_1":0,"copy_gbs_2":0,"triad_gbs_1":0,"triad_gbs_2":0,"memory_floats":0,"processors":2,"date":"x"}""");
            var (exit, stdout, stderr) = Run("bench", "train", "--batch", "2", "--steps", "1", "--no-gemm", "--json", "--peak", path);
            Assert.True(exit == 0, stderr);
            var presets = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("preset").GetString()!).ToArray();
            Assert.Equal(new[] { "pitch-step-duration", "chord-stacked-lstm", "notes-and-chords" }, presets);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Train_takes_the_peak_from_a_bench_peak_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"musicgen-peak-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, """{"fma":[],"peak_gflops_1":50,"peak_gflops_2":100,"copy_gbs_1":0,"copy_gbs_2":0,"triad_gbs_1":0,"triad_gbs_2":0,"memory_floats":0,"processors":2,"date":"x"}""");
            var (exit, stdout, stderr) = Run("bench", "train", "--preset", "pitch-step-duration", "--batch", "4", "--steps", "1", "--json", "--peak", path);
            Assert.True(exit == 0, stderr);
            using var doc = JsonDocument.Parse(stdout);
            var root = doc.RootElement;
            Assert.Equal(100, root.GetProperty("peak_gflops").GetDouble());
            Assert.Equal(path, root.GetProperty("peak_source").GetString());
            Assert.Equal(root.GetProperty("gflops").GetDouble() / 100, root.GetProperty("fraction_of_peak").GetDouble(), 12);
            File.WriteAllText(path, "{}");
            var (bad, _, err) = Run("bench", "train", "--preset", "pitch-step-duration", "--peak", path);
            Assert.Equal(2, bad);
            Assert.Contains("--peak", err);
            Assert.Single(err.Trim().Split('\n'));
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData("pitch-step-duration", 64)]
    [InlineData("chord-stacked-lstm", 64)]
    [InlineData("notes-and-chords", 8)]
    public void The_replayed_products_have_the_flops_bench_train_counts(string id, int batch)
    {
        var o = PresetBenchTask.OptionsFor(id);
        var shapes = GemmReplay.Shapes(id, o, batch);
        Assert.Equal(PresetBenchTask.Flops(id, o, batch), shapes.Sum(s => s.Flops), 6);
    }
}
