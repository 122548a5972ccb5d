using System.Text.Json.Serialization;

namespace MusicGen.Cli.Bench;

/// <summary>One network of a <c>bench nll --ensemble</c> run: its seed and its own frame NLLs (SOURCES.md §6.1).</summary>
internal sealed record PianoRollNllMember
{
    [JsonPropertyName("seed")] public required ulong Seed { get; init; }
    [JsonPropertyName("valid_nll")] public required double ValidNll { get; init; }
    [JsonPropertyName("test_nll")] public required double TestNll { get; init; }
    [JsonPropertyName("epochs")] public required int Epochs { get; init; }
    [JsonPropertyName("best_epoch")] public required int BestEpoch { get; init; }
    [JsonPropertyName("stopped")] public required string Stopped { get; init; }
}
