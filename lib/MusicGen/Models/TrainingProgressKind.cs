namespace MusicGen.Models;

/// <summary>What a <see cref="TrainingProgress"/> event reports.</summary>
public enum TrainingProgressKind
{
    /// <summary>One optimizer step finished: <see cref="TrainingProgress.Loss"/> is its batch loss.</summary>
    Batch,

    /// <summary>An epoch finished (training and validation): epoch losses, the best so far, early stopping.</summary>
    EpochEnd,
}
