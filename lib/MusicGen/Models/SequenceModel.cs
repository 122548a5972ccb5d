using MusicGen.Nn;

namespace MusicGen.Models;

/// <summary>
/// The model a <see cref="Preset"/> builds: a module over input windows (B, T, <see cref="Preset.InputSize"/>),
/// batch-first, with a stateful <see cref="Step"/> for generation.
/// </summary>
public abstract class SequenceModel : Module
{
    /// <summary>Training forward pass over windows x (B, T, I); the shape of the result is the preset's business
    /// (usually (B, O) for the last step; per-step models return (B, T, O)).</summary>
    public abstract Tensor Forward(Tensor x);

    /// <summary>
    /// Feeds <paramref name="chunk"/> (1, t, I) — the prompt first, then one generated row at a time — continuing
    /// from <paramref name="state"/> (each LSTM starts from its stored (h, c), via <c>LSTM.Forward(x, state)</c>) and
    /// updating it; returns the outputs after the last row, (1, O). Feeding a sequence in pieces gives the same
    /// outputs as feeding it whole.
    /// </summary>
    public abstract Tensor Step(Tensor chunk, RecurrentState state);

    /// <summary>True when <see cref="Step"/> cannot carry state (a bidirectional LSTM needs the whole window):
    /// generation then re-runs the last window at every step, as the seed does.</summary>
    public virtual bool RerunsWindow => false;

    /// <summary>Runs <paramref name="lstm"/> over x from the state in <paramref name="slot"/> and stores the new one.</summary>
    protected static Tensor RunLstm(LSTM lstm, Tensor x, RecurrentState state, int slot)
    {
        var (output, next) = lstm.Forward(x, state.Get(slot));
        state.Set(slot, next);
        return output;
    }
}
