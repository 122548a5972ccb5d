namespace MusicGen.Nn;

/// <summary>
/// MSE plus a penalty on negative predictions: mean((target − input)²) + 10·mean(max(−input, 0)). This is the
/// <c>mse_with_positive_pressure</c> loss of the TensorFlow tutorial "Generate music with an RNN" (SOURCES.md §3.3,
/// Zhang 2023), used for the step and duration heads so that they do not predict negative times.
/// </summary>
public sealed class PositivePressureMSELoss : Module
{
    /// <summary>input and target of the same shape → shape ().</summary>
    public Tensor Forward(Tensor input, Tensor target) => F.PositivePressureMse(input, target);
}
