using System.Text.Json;
using MusicGen.Tests.Cli;

namespace MusicGen.Tests.Training;

/// <summary><c>musicgen bench nll</c> on the repository's tiny sample split: the JSON contract and bad input
/// (NLL values of real runs are in tests/MusicGen.Benchmarks/results, never asserted here).</summary>
public class BenchNllTests
{
    [Fact]
    public void Json_has_the_contract_fields()
    {
        var (exit, stdout, stderr) = CliTests.Run("bench", "nll", "--dataset", "sample", "--epochs", "2", "--hidden", "8", "--json");
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal("sample", root.GetProperty("dataset").GetString());
        foreach (var key in new[] { "valid_nll", "test_nll" })
        {
            var v = root.GetProperty(key).GetDouble();
            Assert.True(v > 0 && v < 88 * Math.Log(2), $"{key} = {v}");
        }
        Assert.Equal(2, root.GetProperty("epochs").GetInt32());
        Assert.True(root.GetProperty("seconds").GetDouble() >= 0);
        // LSTM(88 → 8) + LSTM(8 → 8) with two biases each, Linear(8 → 88).
        Assert.Equal(4 * 8 * (88 + 8 + 2) + 4 * 8 * (8 + 8 + 2) + 8 * 88 + 88, root.GetProperty("parameters").GetInt64());
        Assert.Contains("epoch 2/2", stderr);   // progress goes to stderr
    }

    [Fact]
    public void Test_transpose_reports_the_mixture_and_the_untransposed_nll()
    {
        var (exit, stdout, stderr) = CliTests.Run("bench", "nll", "--dataset", "sample", "--epochs", "1", "--hidden", "8", "--test-transpose", "1", "--json");
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        foreach (var key in new[] { "valid_nll", "test_nll", "valid_nll_untransposed", "test_nll_untransposed" })
            Assert.InRange(root.GetProperty(key).GetDouble(), 0, 88 * Math.Log(2));
        Assert.Equal(1, root.GetProperty("settings").GetProperty("TestTranspose").GetInt32());
    }

    [Theory]
    [InlineData("--batch", "0", "--batch")]
    [InlineData("--dataset", "no-such-dataset", "no-such-dataset")]
    [InlineData("--transpose", "-1", "--transpose")]
    [InlineData("--minutes", "NaN", "--minutes")]
    [InlineData("--dropout", "NaN", "--dropout")]
    [InlineData("--lr-decay", "2", "--lr-decay")]
    [InlineData("--test-transpose", "-1", "--test-transpose")]
    public void Bad_input_is_one_line_and_exit_code_2(string option, string value, string named)
    {
        var (exit, stdout, stderr) = CliTests.Run("bench", "nll", option, value, "--epochs", "1");
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        var last = stderr.TrimEnd().Split('\n')[^1];
        Assert.StartsWith("musicgen: ", last);
        Assert.Contains(named, last);
        Assert.DoesNotContain("   at ", stderr);
    }
}
