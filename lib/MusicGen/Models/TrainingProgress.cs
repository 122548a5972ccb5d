namespace MusicGen.Models;

/// <summary>
/// A progress report of <see cref="Trainer.Fit"/>, raised on the training thread after every optimizer step
/// (<see cref="TrainingProgressKind.Batch"/>) and at the end of every epoch
/// (<see cref="TrainingProgressKind.EpochEnd"/>). A CLI draws a progress bar from it; a notebook updates a loss
/// plot through a display handle. Epochs and steps count from 0.
/// </summary>
public sealed record TrainingProgress
{
    public required TrainingProgressKind Kind { get; init; }

    /// <summary>The epoch this report belongs to (0-based).</summary>
    public required int Epoch { get; init; }

    /// <summary>Total epochs of the run (<see cref="TrainerOptions.Epochs"/>).</summary>
    public required int Epochs { get; init; }

    /// <summary>Optimizer steps done in this epoch (1 after the first batch; the epoch's step count at its end).</summary>
    public required int Step { get; init; }

    /// <summary>Optimizer steps this epoch will take.</summary>
    public required int StepsPerEpoch { get; init; }

    /// <summary>Batch: the step's mean loss. EpochEnd: the epoch's training loss (same as <see cref="TrainLoss"/>).</summary>
    public required double Loss { get; init; }

    /// <summary>Training examples per second in this epoch so far (the sequences/s of the benchmarks).</summary>
    public required double SequencesPerSecond { get; init; }

    /// <summary>Learning rate used by this epoch's steps.</summary>
    public required double Lr { get; init; }

    /// <summary>Mean training loss of the epoch so far (example-weighted).</summary>
    public required double TrainLoss { get; init; }

    /// <summary>EpochEnd: the validation loss; null for batch reports and tasks without validation.</summary>
    public double? ValidLoss { get; init; }

    /// <summary>Best monitored loss so far (validation, or training without a validation split); NaN before the first epoch ends.</summary>
    public double BestLoss { get; init; } = double.NaN;

    /// <summary>Epoch of <see cref="BestLoss"/>; −1 before the first epoch ends.</summary>
    public int BestEpoch { get; init; } = -1;

    /// <summary>EpochEnd: this epoch set a new best.</summary>
    public bool IsBest { get; init; }

    /// <summary>EpochEnd: early stopping ends the run after this epoch.</summary>
    public bool StopsEarly { get; init; }

    /// <summary>Wall-clock seconds since this epoch started.</summary>
    public required double EpochSeconds { get; init; }

    /// <summary>The history of finished epochs (includes this one at EpochEnd). The live object: read it in the
    /// handler, e.g. <c>handle.Update(p.History)</c> redraws the loss curve.</summary>
    public required TrainingHistory History { get; init; }

    public override string ToString() => Kind == TrainingProgressKind.Batch
        ? $"epoch {Epoch + 1}/{Epochs} step {Step}/{StepsPerEpoch}: loss {Loss:G5}, {SequencesPerSecond:F1} seq/s"
        : $"epoch {Epoch + 1}/{Epochs}: train {TrainLoss:G5}" + (ValidLoss is { } v ? $", valid {v:G5}" : "") +
          $", best {BestLoss:G5} (epoch {BestEpoch + 1}){(IsBest ? " *" : "")}{(StopsEarly ? ", stopping early" : "")}, {EpochSeconds:F1} s";
}
