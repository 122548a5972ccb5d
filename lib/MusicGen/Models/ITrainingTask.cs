using MusicGen.Nn;

namespace MusicGen.Models;

/// <summary>
/// What the <c>Trainer</c> needs from a preset's data: examples addressed by index and a
/// mean loss over a batch of them. Presets build one from their representation (windows of tokens,
/// note tables, piano-roll frames); the trainer owns the epoch loop, shuffling, optimizer steps,
/// validation, early stopping and checkpoints, so it never needs to know what an example is.
/// <typeparamref name="TModel"/> is the kind of network the losses run through: the presets' window tasks need a
/// <see cref="SequenceModel"/>, the piano-roll task any <c>Module&lt;Tensor, Tensor&gt;</c>; <see cref="Trainer.Fit{TModel}"/>
/// checks its model against it once, before the first step.
/// </summary>
public interface ITrainingTask<in TModel> where TModel : Module
{
    /// <summary>Number of training examples (e.g. windows); the trainer shuffles 0..TrainCount-1.</summary>
    int TrainCount { get; }

    /// <summary>Number of validation examples; 0 means no validation (early stopping then watches training loss).</summary>
    int ValidCount { get; }

    /// <summary>
    /// Mean loss over the training examples <paramref name="indices"/> (one batch), recorded on the
    /// tape so the trainer can call <c>Backward()</c>. The model is in training mode.
    /// </summary>
    Tensor TrainLoss(TModel model, ReadOnlySpan<int> indices);

    /// <summary>
    /// Mean loss over the validation examples <paramref name="indices"/>; called inside
    /// <c>Torch.NoGrad()</c> with the model in evaluation mode.
    /// </summary>
    Tensor ValidLoss(TModel model, ReadOnlySpan<int> indices);
}
