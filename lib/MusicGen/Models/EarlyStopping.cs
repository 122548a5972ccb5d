namespace MusicGen.Models;

/// <summary>
/// Early stopping on a loss (Keras' <c>EarlyStopping(monitor, min_delta, patience)</c>; Prechelt 1998,
/// "Early Stopping — But When?"): an epoch improves when its loss is below the best so far by more than
/// <see cref="MinDelta"/>; the run stops after <see cref="Patience"/> epochs in a row without improvement.
/// Its whole state follows from the sequence of losses, so a resumed <see cref="Trainer"/> rebuilds it by
/// replaying the checkpointed history.
/// </summary>
public sealed class EarlyStopping
{
    /// <param name="patience">Epochs without improvement before stopping; null = track the best only, never stop.</param>
    /// <param name="minDelta">Minimum decrease that counts as an improvement (≥ 0).</param>
    public EarlyStopping(int? patience, double minDelta = 0)
    {
        if (patience is < 1) throw new ArgumentOutOfRangeException(nameof(patience), $"patience must be ≥ 1, got {patience}");
        if (!(minDelta >= 0)) throw new ArgumentOutOfRangeException(nameof(minDelta), $"minDelta must be ≥ 0, got {minDelta}");
        (Patience, MinDelta) = (patience, minDelta);
    }

    public int? Patience { get; }

    public double MinDelta { get; }

    /// <summary>Lowest loss seen (NaN before the first finite loss).</summary>
    public double BestLoss { get; private set; } = double.NaN;

    /// <summary>Epoch (0-based count of <see cref="Update"/> calls) of <see cref="BestLoss"/>; −1 before it.</summary>
    public int BestEpoch { get; private set; } = -1;

    /// <summary>Epochs since the last improvement.</summary>
    public int BadEpochs { get; private set; }

    /// <summary>Number of losses seen.</summary>
    public int Epochs { get; private set; }

    /// <summary>True once <see cref="BadEpochs"/> reached <see cref="Patience"/>.</summary>
    public bool ShouldStop => Patience is { } p && BadEpochs >= p;

    /// <summary>Records the next epoch's loss; returns true when it is a new best. NaN never improves.</summary>
    public bool Update(double loss)
    {
        int epoch = Epochs++;
        bool better = !double.IsNaN(loss) && (BestEpoch < 0 || loss < BestLoss - MinDelta);
        if (better)
        {
            (BestLoss, BestEpoch, BadEpochs) = (loss, epoch, 0);
            return true;
        }
        BadEpochs++;
        return false;
    }

    /// <summary>The state after the monitored losses of <paramref name="history"/>.</summary>
    public static EarlyStopping Replay(TrainingHistory history, int? patience, double minDelta)
    {
        ArgumentNullException.ThrowIfNull(history);
        var s = new EarlyStopping(patience, minDelta);
        for (int e = 0; e < history.Epochs; e++) s.Update(history.MonitoredLoss(e));
        return s;
    }
}
