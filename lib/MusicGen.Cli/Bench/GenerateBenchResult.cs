using System.Text.Json.Serialization;

namespace MusicGen.Cli.Bench;

/// <summary>Stateful generation throughput of one preset (a line of <c>musicgen bench generate --json</c>).</summary>
internal sealed record GenerateBenchResult
{
    [JsonPropertyName("preset")] public required string Preset { get; init; }
    /// <summary>What one generated row is: note, token, frame or message.</summary>
    [JsonPropertyName("unit")] public required string Unit { get; init; }
    /// <summary>How each row is computed: inference-step (no autograd engine), tape (SequenceModel.Step) or
    /// rerun-window (the network cannot carry state, so the last window is re-run for every row, as its seed does).</summary>
    [JsonPropertyName("path")] public required string Path { get; init; }
    /// <summary>Rows generated in the timed run (after a warm-up run).</summary>
    [JsonPropertyName("rows")] public required int Rows { get; init; }
    [JsonPropertyName("seconds")] public required double Seconds { get; init; }
    /// <summary>Generated rows per second on one core, sampling included.</summary>
    [JsonPropertyName("rows_per_s")] public required double RowsPerSecond { get; init; }
    /// <summary>CPU time of the process during the timed run (user + system): close to <see cref="Seconds"/> on a quiet
    /// machine; well below it when other processes share the core (then rows / cpu_seconds is what one whole core would do).</summary>
    [JsonPropertyName("cpu_seconds")] public required double CpuSeconds { get; init; }
    /// <summary>The same on the autograd engine's path (SequenceModel.Step), when <see cref="Path"/> is inference-step.</summary>
    [JsonPropertyName("tape_rows_per_s")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? TapeRowsPerSecond { get; init; }
    /// <summary>Matrix-vector FLOPs per row of the inference step, and the GFLOP/s they make.</summary>
    [JsonPropertyName("flops_per_row")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? FlopsPerRow { get; init; }
    [JsonPropertyName("gflops")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Gflops { get; init; }
    [JsonPropertyName("parameters")] public required long Parameters { get; init; }
    /// <summary>Managed bytes allocated per generated row.</summary>
    [JsonPropertyName("allocated_bytes_per_row")] public required double AllocatedBytesPerRow { get; init; }
    [JsonPropertyName("load_average")] public double? LoadAverage { get; init; }
}
