using System.Globalization;
using System.Text.Json;

namespace MusicGen.Cli.Bench;

/// <summary>The two-core FMA peak of <c>bench train</c>'s fractions: read from a <c>bench peak --json</c> file, or
/// measured in the same run (<see cref="PeakBenchmark.TwoCorePeakGflops"/>).</summary>
internal static class TrainPeak
{
    /// <summary>(peak, "file") from <paramref name="path"/>, or (0, "measured") when no file is given.</summary>
    /// <exception cref="UserError">The file is missing or not bench peak's JSON.</exception>
    public static (double Gflops, string Source) Read(string? path)
    {
        if (path is null) return (0, "measured");
        try
        {
            var r = JsonSerializer.Deserialize<PeakBenchResult>(File.ReadAllText(path));
            if (r is null || !(r.PeakGflops2 > 0)) throw new UserError($"--peak: {path} has no positive peak_gflops_2; write it with musicgen bench peak --json");
            return (r.PeakGflops2, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new UserError($"--peak: {path}: {e.Message}");
        }
    }

    /// <summary>Adds the peak and the fractions of it (ours, and the peer's when it ran) to a result.</summary>
    public static TrainBenchResult With(TrainBenchResult r, double peakGflops, string source)
    {
        if (!(peakGflops > 0)) return r;
        double? peer = r.PeerStepsPerSecond is { } sps ? r.Gflops / r.StepsPerSecond * sps : null;
        return r with
        {
            PeakGflops = peakGflops,
            PeakSource = source,
            FractionOfPeak = r.Gflops / peakGflops,
            PeerGflops = peer,
            PeerFractionOfPeak = peer / peakGflops,
            GemmFractionOfPeak = r.GemmGflops / peakGflops,
        };
    }

    /// <summary>", 12.3 % of peak" or nothing.</summary>
    public static string Percent(double? fraction) =>
        fraction is { } f ? string.Create(CultureInfo.InvariantCulture, $", {100 * f:F1} % of the two-core peak") : "";
}
