namespace MusicGen.TorchSharp.Bench;

/// <summary>Another engine timed on the shapes of <c>musicgen bench train</c> in the same process and run.</summary>
public interface ITrainBenchPeer
{
    /// <summary>Short name for reports, e.g. "torchsharp".</summary>
    string Name { get; }

    /// <summary>One line describing the engine (version, backend).</summary>
    string Description { get; }

    /// <summary>Training steps per second of <paramref name="preset"/>'s benchmark shape at batch
    /// <paramref name="batch"/>: warm-up (at least 2 steps and 1 s), then <paramref name="steps"/> timed steps on
    /// <paramref name="threads"/> threads.</summary>
    double StepsPerSecond(string preset, int batch, int steps, int threads);
}
