using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using MusicGen.Models;

namespace MusicGen.TorchSharp.Tests;

/// <summary>The CLI as a user runs it (a child process): <c>train --engine torchsharp</c> writes a checkpoint our engine
/// loads; <c>--device</c> and <c>--engine</c> mistakes are one line and a non-zero exit; <c>bench train --peer torchsharp</c>
/// reports a ratio (its speed is not asserted: that is the benchmark's business).</summary>
public sealed class CliTests
{
    [Fact]
    public void TrainWithTorchSharpWritesACheckpointOurEngineLoads()
    {
        var path = Path.Combine(Path.GetTempPath(), $"musicgen-cli-ts-{Environment.ProcessId}.safetensors");
        try
        {
            var (exit, stdout, stderr) = Musicgen("train", "--preset", "melody-resnet-lstm", "--data", "sample", "--quick", "--engine", "torchsharp", "--out", path, "--json");
            Assert.True(exit == 0, stderr);
            using var json = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
            Assert.Equal("torchsharp", json.RootElement.GetProperty("engine").GetString());
            Assert.Equal(2, json.RootElement.GetProperty("epochs").GetInt32());
            var trained = PresetCheckpoint.Load(path);
            Assert.Equal("melody-resnet-lstm", trained.Preset.Id);
            Assert.Equal("torchsharp", trained.Metadata["engine"]);
            Assert.NotNull(trained.Prompt);
            Assert.True(trained.Preset.Generate(trained.Model, trained.Prompt!, 10, trained.Preset.CreateSampler(1)).Count == 10);
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData("--engine", "tensorflow", "--engine: expected ours or torchsharp")]
    [InlineData("--device", "cuda", "--device: only with --engine torchsharp")]
    public void BadEngineOptionsAreOneLine(string option, string value, string message)
    {
        var (exit, _, stderr) = Musicgen("train", "--preset", "pitch-step-duration", "--data", "sample", "--quick", option, value, "--out", Path.Combine(Path.GetTempPath(), "never.safetensors"));
        Assert.NotEqual(0, exit);
        Assert.Contains(message, stderr);
    }

    [Fact]
    public void CudaWithoutCudaIsAClearError()
    {
        var (exit, _, stderr) = Musicgen("train", "--preset", "pitch-step-duration", "--data", "sample", "--quick", "--engine", "torchsharp", "--device", "cuda", "--out", Path.Combine(Path.GetTempPath(), "never.safetensors"));
        Assert.NotEqual(0, exit);
        Assert.Contains("CUDA is not available", stderr);
    }

    [Fact]
    public void BenchPeerTorchSharpReportsARatio()
    {
        var (exit, stdout, stderr) = Musicgen("bench", "train", "--preset", "pitch-step-duration", "--steps", "1", "--peer", "torchsharp");
        Assert.True(exit == 0, stderr);
        Assert.Contains("TorchSharp best", stdout);
        Assert.Contains("torchsharp 2 thread(s)", stderr);
    }

    static string RepositoryRoot([CallerFilePath] string thisFile = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));

    static (int Exit, string Out, string Err) Musicgen(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "musicgen.dll");
        var psi = new ProcessStartInfo("dotnet", [dll, .. args])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepositoryRoot(),
        };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5))) { p.Kill(entireProcessTree: true); return (-1, stdout.Result, "timed out\n" + stderr.Result); }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
