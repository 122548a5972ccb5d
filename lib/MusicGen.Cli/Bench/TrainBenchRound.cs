using System.Text.Json.Serialization;

namespace MusicGen.Cli.Bench;

/// <summary>
/// One round of <c>bench train --rounds N</c>: our timed steps, then the peer's with each thread count, back to back.
/// The reported steps/s of each side is its median round; every round is kept so the spread can be seen.
/// </summary>
internal sealed record TrainBenchRound
{
    /// <summary>Our steps/s in this round.</summary>
    [JsonPropertyName("steps_per_s")] public required double StepsPerSecond { get; init; }

    /// <summary>The peer's steps/s in this round by thread count, or null without a peer.</summary>
    [JsonPropertyName("peer_runs")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, double>? PeerRuns { get; init; }
}
