using System.Text.Json.Serialization;

using MusicGen.Nn;

namespace MusicGen.Cli.Bench;

/// <summary>
/// Training throughput of one preset (the JSON of <c>musicgen bench train --json</c>). The first five
/// fields are the contract shared with the PyTorch peer (tests/MusicGen.Benchmarks/peers/torch_peer.py); the rest are ours.
/// </summary>
internal sealed record TrainBenchResult
{
    [JsonPropertyName("preset")] public required string Preset { get; init; }
    [JsonPropertyName("batch")] public required int Batch { get; init; }
    [JsonPropertyName("steps_per_s")] public required double StepsPerSecond { get; init; }
    [JsonPropertyName("seq_per_s")] public required double SequencesPerSecond { get; init; }
    [JsonPropertyName("parameters")] public required long Parameters { get; init; }

    /// <summary>Timed steps (after the warm-up steps).</summary>
    [JsonPropertyName("steps")] public required int Steps { get; init; }

    /// <summary>Untimed steps before them (at least 2 and at least 1 s).</summary>
    [JsonPropertyName("warmup_steps")] public int WarmupSteps { get; init; }

    /// <summary>Threads the kernels used.</summary>
    [JsonPropertyName("threads")] public required int Threads { get; init; }

    /// <summary>Matrix-product FLOP/s of the step (see FlopCount), in GFLOP/s.</summary>
    [JsonPropertyName("gflops")] public required double Gflops { get; init; }

    /// <summary>Process peak working set after the run, bytes.</summary>
    [JsonPropertyName("peak_working_set_bytes")] public required long PeakWorkingSetBytes { get; init; }

    /// <summary>Managed bytes allocated per timed step on all threads (GC.GetTotalAllocatedBytes delta / steps).</summary>
    [JsonPropertyName("allocated_bytes_per_step")] public required double AllocatedBytesPerStep { get; init; }

    /// <summary>Final training loss (shows the step did real work).</summary>
    [JsonPropertyName("loss")] public required double Loss { get; init; }

    /// <summary>
    /// Of the kernel jobs big enough to split, the fraction that ran on several threads; the rest ran on
    /// one because the machine was oversubscribed (see KernelThreads) or threads were capped.
    /// </summary>
    [JsonPropertyName("parallel_job_fraction")] public required double ParallelJobFraction { get; init; }

    /// <summary>PyTorch's best steps/s over the thread settings tried (with --peer), else null.</summary>
    [JsonPropertyName("peer_steps_per_s")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? PeerStepsPerSecond { get; init; }

    /// <summary>The torch thread count of that best run.</summary>
    [JsonPropertyName("peer_threads")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? PeerThreads { get; init; }

    /// <summary>steps_per_s / peer_steps_per_s.</summary>
    [JsonPropertyName("ratio")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Ratio { get; init; }

    /// <summary>The two-core FP32 FMA peak the fractions are taken of (bench peak), GFLOP/s, and where it came from
    /// ("measured" in this run, or the bench peak JSON file given).</summary>
    [JsonPropertyName("peak_gflops")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? PeakGflops { get; init; }
    [JsonPropertyName("peak_source")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PeakSource { get; init; }
    /// <summary><see cref="Gflops"/> / <see cref="PeakGflops"/>.</summary>
    [JsonPropertyName("fraction_of_peak")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? FractionOfPeak { get; init; }
    /// <summary>The peer's best run in GFLOP/s (the same FLOPs per step) and as a fraction of the peak.</summary>
    [JsonPropertyName("peer_gflops")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? PeerGflops { get; init; }
    [JsonPropertyName("peer_fraction_of_peak")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? PeerFractionOfPeak { get; init; }
    /// <summary>The step's matrix products replayed alone through Gemm.Sgemm (<see cref="GemmReplay"/>) on the same
    /// kernel threads, GFLOP/s, and as a fraction of the peak.</summary>
    [JsonPropertyName("gemm_gflops")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? GemmGflops { get; init; }
    [JsonPropertyName("gemm_fraction_of_peak")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? GemmFractionOfPeak { get; init; }
    /// <summary>Every peer thread count tried → its steps/s (its median round).</summary>
    [JsonPropertyName("peer_runs")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, double>? PeerRuns { get; init; }
    /// <summary>With --rounds above 1: every round; steps_per_s and peer_runs above are each side's median round.</summary>
    [JsonPropertyName("rounds")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<TrainBenchRound>? Rounds { get; init; }
}
