using System.Text.Json.Serialization;

using MusicGen.Models;

namespace MusicGen.Cli.Bench;

/// <summary>The JSON of <c>musicgen bench nll</c>: frame NLL (SOURCES.md §6.1, nats per frame) of the
/// best-validation <c>pianoroll-lstm</c> on the valid and test splits, and how it was trained.</summary>
internal sealed record PianoRollNllResult
{
    [JsonPropertyName("dataset")] public required string Dataset { get; init; }
    [JsonPropertyName("valid_nll")] public required double ValidNll { get; init; }
    [JsonPropertyName("test_nll")] public required double TestNll { get; init; }

    /// <summary>With --test-transpose: the same networks scored on the pieces as they are (no test-time shifts).</summary>
    [JsonPropertyName("valid_nll_untransposed")] public double? ValidNllUntransposed { get; init; }

    /// <summary>With --test-transpose: the test NLL without test-time shifts.</summary>
    [JsonPropertyName("test_nll_untransposed")] public double? TestNllUntransposed { get; init; }
    [JsonPropertyName("train_nll")] public required double TrainNll { get; init; }
    /// <summary>Epochs trained (the best one is <see cref="BestEpoch"/>, 1-based).</summary>
    [JsonPropertyName("epochs")] public required int Epochs { get; init; }
    [JsonPropertyName("best_epoch")] public required int BestEpoch { get; init; }
    [JsonPropertyName("seconds")] public required double Seconds { get; init; }
    [JsonPropertyName("parameters")] public required long Parameters { get; init; }
    [JsonPropertyName("stopped")] public required string Stopped { get; init; }
    [JsonPropertyName("pieces")] public required int[] Pieces { get; init; }
    [JsonPropertyName("frames")] public required long[] Frames { get; init; }
    [JsonPropertyName("settings")] public required PianoRollNllSettings Settings { get; init; }
    [JsonPropertyName("valid_history")] public required double[] ValidHistory { get; init; }
    [JsonPropertyName("lr_history")] public required double[] LrHistory { get; init; }
    /// <summary>With <see cref="PianoRollNllSettings.Ensemble"/> &gt; 1: each network's own NLLs (the top-level ones
    /// are the mixture's; epochs, best_epoch, valid_history and lr_history are the first network's).</summary>
    [JsonPropertyName("members")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public PianoRollNllMember[]? Members { get; init; }
    [JsonPropertyName("threads")] public required int Threads { get; init; }
    [JsonPropertyName("load_average")] public double? LoadAverage { get; init; }
}
