using MusicGen.Nn;

namespace MusicGen.Models;

/// <summary>
/// What a <see cref="Preset"/> trains and generates with: a module over input windows (B, T, <see cref="Preset.InputSize"/>),
/// batch-first. Write your own by overriding <see cref="Module{TIn, TOut}.Forward"/> (register layers with
/// <c>RegisterModule</c>, as in PyTorch's <c>__init__</c>); the preset's loss reads its output exactly as it reads the
/// preset's own network (e.g. (B, O) for the last step, or (B, T, O) for per-step models), so
/// <see cref="Preset.Train(IReadOnlyList{Midi.MidiSong}, SequenceModel?, bool, Action{TrainingProgress}?)"/> trains it.
/// Override <see cref="Step"/> as well to carry LSTM state during generation; without it, generation re-runs the last
/// <see cref="PresetOptions.Window"/> rows from zero state for every new row (what the TensorFlow tutorial does).
/// </summary>
public abstract class SequenceModel : Module<Tensor, Tensor>
{
    bool? _ownStep;

    /// <summary>
    /// Feeds <paramref name="chunk"/> (1, t, I) — the prompt first, then one generated row at a time — continuing
    /// from <paramref name="state"/> (each LSTM starts from its stored (h, c), via <c>LSTM.Forward(x, state)</c>) and
    /// updating it; returns the outputs after the last row, (1, O). Feeding a sequence in pieces gives the same
    /// outputs as feeding it whole. The default keeps the rows fed so far in the state and re-runs
    /// <see cref="Module{TIn, TOut}.Forward"/> over all of them (the last step of a per-step output).
    /// </summary>
    public virtual Tensor Step(Tensor chunk, RecurrentState state)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        ArgumentNullException.ThrowIfNull(state);
        var rows = state.Extra as List<float> ?? new List<float>();
        state.Extra = rows;
        rows.AddRange(chunk.ToArray());
        state.Steps += chunk.Size(1);
        var y = Forward(Tensor.FromArray(rows.ToArray(), 1, state.Steps, chunk.Size(2)));
        return y.Dim == 3 ? F.Select(y, 1, -1) : y;
    }

    /// <summary>True when <see cref="Step"/> cannot carry state (a bidirectional LSTM needs the whole window, or the
    /// model does not override <see cref="Step"/>): generation then re-runs the last window at every step, as the
    /// seeds do.</summary>
    public virtual bool RerunsWindow => !(_ownStep ??= GetType().GetMethod(nameof(Step), [typeof(Tensor), typeof(RecurrentState)])!.DeclaringType != typeof(SequenceModel));

    /// <summary>Runs <paramref name="lstm"/> over x from the state in <paramref name="slot"/> and stores the new one.</summary>
    protected static Tensor RunLstm(LSTM lstm, Tensor x, RecurrentState state, int slot)
    {
        ArgumentNullException.ThrowIfNull(lstm);
        ArgumentNullException.ThrowIfNull(state);
        var (output, next) = lstm.Forward(x, state.Get(slot));
        state.Set(slot, next);
        return output;
    }
}
