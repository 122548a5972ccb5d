using MusicGen.Models;
using MusicGen.Nn;
using MusicGen.Nn.Optim;

namespace MusicGen.Cli.Bench;

/// <summary>One training-throughput workload: a model, its optimizer, fixed random data and its loss.</summary>
internal interface IBenchTask
{
    /// <summary>The model (in training mode).</summary>
    SequenceModel Model { get; }

    /// <summary>The optimizer over the model's parameters.</summary>
    Optimizer Optimizer { get; }

    /// <summary>Forward pass on the fixed batch and the scalar loss (a graph to call Backward on).</summary>
    Tensor Loss();

    /// <summary>Multiply-add FLOPs (×2) of one training step's matrix products: forward, input and weight gradients.</summary>
    double FlopsPerStep { get; }
}
