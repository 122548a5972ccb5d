namespace MusicGen.Models;

/// <summary>
/// Settings of a <see cref="Trainer"/> run (Keras' <c>fit</c> arguments and callbacks in one place:
/// epochs, batch size, early stopping, checkpoints). Immutable once the trainer holds it.
/// </summary>
public sealed record TrainerOptions
{
    /// <summary>Total number of epochs (a resumed run counts the epochs already done). Default 10.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Training examples per optimizer step. Default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Examples per validation forward pass; null = <see cref="BatchSize"/>. The validation loss is the
    /// mean of the batch means weighted by their example counts, so one batch holding the whole split gives a
    /// task's exact split mean (e.g. the pooled frame NLL of SOURCES.md §6.1).</summary>
    public int? ValidBatchSize { get; init; }

    /// <summary>Seed of the per-epoch shuffling and dropout streams. Each epoch derives its own generators from
    /// (Seed, epoch), so a run resumed at an epoch boundary draws exactly what an uninterrupted run draws.</summary>
    public ulong Seed { get; init; }

    /// <summary>Visit the training examples in a fresh random order each epoch (default); false keeps 0..N−1.</summary>
    public bool ShuffleEachEpoch { get; init; } = true;

    /// <summary>
    /// Length of training example i (e.g. frames of a piece), for batching examples of similar length together:
    /// each epoch the shuffled order is cut into pools of <see cref="BucketPool"/> batches, each pool is sorted by
    /// length and cut into batches, and the batches are shuffled (the "bucket iterator" of torchtext). Tasks that pad
    /// to the longest example then waste less work. null = plain shuffled batches.
    /// </summary>
    public Func<int, int>? BucketByLength { get; init; }

    /// <summary>Batches per sorting pool of <see cref="BucketByLength"/>. Default 8.</summary>
    public int BucketPool { get; init; } = 8;

    /// <summary>Wall-clock budget: no new epoch starts when the time spent plus the last epoch's duration would
    /// exceed it (<see cref="TrainingHistory.TimedOut"/>). null = no limit.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>Caps the optimizer steps per epoch (quick runs, notebooks' <c>Quick</c> mode); null = the whole split.</summary>
    public int? MaxStepsPerEpoch { get; init; }

    /// <summary>Caps the validation batches per epoch (quick runs); null = the whole validation split.</summary>
    public int? MaxValidBatches { get; init; }

    /// <summary>Rescale gradients to this joint L2 norm before each step (PyTorch <c>clip_grad_norm_</c>;
    /// Pascanu et al. 2013); null = no clipping.</summary>
    public double? ClipGradNorm { get; init; }

    /// <summary>Early stopping: stop after this many epochs without an improvement of the monitored loss
    /// (validation loss, or training loss when the task has no validation split); null = never stop early.</summary>
    public int? Patience { get; init; }

    /// <summary>An improvement must lower the best loss by more than this. Default 0.</summary>
    public double MinDelta { get; init; }

    /// <summary>At the end of <see cref="Trainer.Fit"/>, load the weights of the best epoch (Keras'
    /// <c>restore_best_weights</c>). Default true.</summary>
    public bool RestoreBest { get; init; } = true;

    /// <summary>When set, a checkpoint (model, optimizer state, trainer state) is written atomically at the end of
    /// every epoch; the best epoch's weights go next to it (<see cref="Trainer.BestPath"/>).</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Extra string metadata stored in every checkpoint (preset id, model sizes, data set …).</summary>
    public IReadOnlyDictionary<string, string>? CheckpointMetadata { get; init; }

    /// <summary>
    /// Learning-rate hook, called before every epoch with the history of the finished epochs and the current
    /// rate; returns the rate for the coming epoch. It must be a function of its arguments only (the history is
    /// checkpointed, so resumed runs stay identical). Examples: step decay
    /// <c>(h, lr) =&gt; 1e-3 * Math.Pow(0.5, h.Epochs / 10)</c>; locuslab/TCN's plateau rule
    /// (÷10 when the last validation loss exceeds the max of the three before) via <see cref="Trainer.PlateauDecay"/>.
    /// </summary>
    public Func<TrainingHistory, double, double>? LrSchedule { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Epochs < 0) throw new ArgumentException($"Epochs must be ≥ 0, got {Epochs}.");
        if (BatchSize < 1) throw new ArgumentException($"BatchSize must be ≥ 1, got {BatchSize}.");
        if (ValidBatchSize is < 1) throw new ArgumentException($"ValidBatchSize must be ≥ 1, got {ValidBatchSize}.");
        if (MaxStepsPerEpoch is < 1) throw new ArgumentException($"MaxStepsPerEpoch must be ≥ 1, got {MaxStepsPerEpoch}.");
        if (MaxValidBatches is < 1) throw new ArgumentException($"MaxValidBatches must be ≥ 1, got {MaxValidBatches}.");
        if (ClipGradNorm is { } c && !(c > 0)) throw new ArgumentException($"ClipGradNorm must be > 0, got {c}.");
        if (BucketPool < 1) throw new ArgumentException($"BucketPool must be ≥ 1, got {BucketPool}.");
        if (TimeLimit is { } tl && tl <= TimeSpan.Zero) throw new ArgumentException($"TimeLimit must be positive, got {tl}.");
        if (Patience is < 1) throw new ArgumentException($"Patience must be ≥ 1, got {Patience}.");
        if (!(MinDelta >= 0)) throw new ArgumentException($"MinDelta must be ≥ 0, got {MinDelta}.");
    }
}
