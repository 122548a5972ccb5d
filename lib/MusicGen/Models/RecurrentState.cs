using MusicGen.Nn;

namespace MusicGen.Models;

/// <summary>
/// What a <see cref="SequenceModel"/> carries from one generation step to the next: the (h, c) of each of its
/// LSTMs (slot = the LSTM's position in the model) and, for models that need it, extra per-model data
/// (e.g. the convolution's input history of <c>chord-conv-lstm</c>).
/// </summary>
public sealed class RecurrentState
{
    readonly Dictionary<int, (Tensor H, Tensor C)> _lstm = new();

    /// <summary>The state of LSTM <paramref name="slot"/>, or null before its first step (zeros).</summary>
    public (Tensor H, Tensor C)? Get(int slot) => _lstm.TryGetValue(slot, out var s) ? s : null;

    /// <summary>Stores LSTM <paramref name="slot"/>'s state after a step.</summary>
    public void Set(int slot, (Tensor H, Tensor C) state) => _lstm[slot] = state;

    /// <summary>Model-specific data (null until the model sets it).</summary>
    public object? Extra { get; set; }

    /// <summary>Steps fed so far (rows of input).</summary>
    public int Steps { get; set; }
}
