using System.Text.Json.Serialization;

namespace MusicGen.Cli.Bench;

/// <summary>The FMA peak at one vector width: GFLOP/s on one core and on two (best timed repetition of each).</summary>
internal sealed record FmaPeak
{
    [JsonPropertyName("bits")] public required int Bits { get; init; }
    [JsonPropertyName("gflops_1")] public required double Gflops1 { get; init; }
    [JsonPropertyName("gflops_2")] public required double Gflops2 { get; init; }
}
