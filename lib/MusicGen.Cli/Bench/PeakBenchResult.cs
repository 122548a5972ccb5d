using System.Text.Json.Serialization;

namespace MusicGen.Cli.Bench;

/// <summary>The JSON of <c>musicgen bench peak --json</c>: FP32 FMA peak per vector width and memory bandwidth,
/// on one core and on two, and the conditions of the run. <c>bench train --peak FILE</c> reads it back.</summary>
internal sealed record PeakBenchResult
{
    /// <summary>One entry per vector width with a hardware FMA.</summary>
    [JsonPropertyName("fma")] public required IReadOnlyList<FmaPeak> Fma { get; init; }
    /// <summary>The best single-core FP32 GFLOP/s over the widths.</summary>
    [JsonPropertyName("peak_gflops_1")] public required double PeakGflops1 { get; init; }
    /// <summary>The best two-core FP32 GFLOP/s over the widths (0 when only one core is available).</summary>
    [JsonPropertyName("peak_gflops_2")] public required double PeakGflops2 { get; init; }
    /// <summary>STREAM-style bandwidth, GB/s (10⁹ bytes), one thread and two.</summary>
    [JsonPropertyName("copy_gbs_1")] public required double CopyGbs1 { get; init; }
    [JsonPropertyName("copy_gbs_2")] public required double CopyGbs2 { get; init; }
    [JsonPropertyName("triad_gbs_1")] public required double TriadGbs1 { get; init; }
    [JsonPropertyName("triad_gbs_2")] public required double TriadGbs2 { get; init; }
    /// <summary>Floats per array of the memory loops (three arrays).</summary>
    [JsonPropertyName("memory_floats")] public required int MemoryFloats { get; init; }
    /// <summary>How the FMA loop was timed: "thread CPU time" (Linux) or "wall time".</summary>
    [JsonPropertyName("fma_timing")] public string? FmaTiming { get; init; }
    [JsonPropertyName("cpu")] public string? Cpu { get; init; }
    [JsonPropertyName("processors")] public required int Processors { get; init; }
    [JsonPropertyName("load_average")] public double? LoadAverage { get; init; }
    [JsonPropertyName("date")] public required string Date { get; init; }
}
