using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace MusicGen.Cli.Bench;

/// <summary>
/// The PyTorch peer of <c>musicgen bench train --peer</c>: an executable program in the benchmarks project
/// (tests/MusicGen.Benchmarks/peers/torch_peer.py) that times the same shapes and prints one JSON line
/// <c>{preset, batch, steps_per_s, …}</c>. We only start it and read that line; what it needs to run
/// (its interpreter, PyTorch) is its own business, and it says so in one line on stderr when missing.
/// </summary>
internal static class TorchPeer
{
    /// <summary>Where the peer lives inside a checkout.</summary>
    public static readonly string RelativePath = Path.Combine("tests", "MusicGen.Benchmarks", "peers", "torch_peer.py");

    /// <summary>
    /// The peer program: $MUSICGEN_TORCH_PEER, else <see cref="RelativePath"/> under the repository that holds the
    /// current directory or the executable (searched upward).
    /// </summary>
    public static string? Find()
    {
        var fromEnv = Environment.GetEnvironmentVariable("MUSICGEN_TORCH_PEER");
        if (!string.IsNullOrEmpty(fromEnv)) return File.Exists(fromEnv) ? Path.GetFullPath(fromEnv) : null;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, RelativePath);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    /// <summary>Runs the peer with THREADS=<paramref name="threads"/>; returns its steps/s.
    /// Throws InvalidOperationException (one line: the peer's last stderr line) on failure.</summary>
    public static double Run(string program, string preset, int steps, int threads)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(preset);
        start.ArgumentList.Add(steps.ToString(CultureInfo.InvariantCulture));
        start.Environment["THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{program}: could not be started.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{program}: could not be started ({e.Message}); see the first line of the file for what it runs with.");
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{Path.GetFileName(program)}: {stderr.Result.Trim().Split('\n').LastOrDefault()?.Trim()} (exit {process.ExitCode})");
            var line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()
                       ?? throw new InvalidOperationException($"{program}: printed nothing on stdout.");
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.GetProperty("steps_per_s").GetDouble();
        }
    }
}
