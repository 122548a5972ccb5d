namespace MusicGen.Notebooks.Running;

/// <summary>
/// A training run inside a notebook that went through the preset recipe (<c>Preset.Train</c>) and did not come from
/// the weight cache, as the child process of <see cref="NotebookProcessRunner"/> reports it: once when it starts
/// (<see cref="Started"/>), then its progress (<see cref="Done"/> of <see cref="Total"/> optimizer steps) a few
/// times a second. <c>musicgen notebooks prepare</c> draws its progress bar from these; a run after prepare should
/// report none.
/// </summary>
/// <param name="Notebook">The notebook's file name.</param>
/// <param name="Preset">The preset id, e.g. <c>melody-lstm</c>.</param>
/// <param name="Started">True for the first report of a training run.</param>
/// <param name="Epoch">The current epoch (0-based).</param>
/// <param name="Epochs">The run's epochs.</param>
/// <param name="Done">Optimizer steps done in the whole run so far (epoch · steps per epoch + step).</param>
/// <param name="Total">Optimizer steps of the whole run (at least 1).</param>
public sealed record TrainingReport(string Notebook, string Preset, bool Started, int Epoch, int Epochs, long Done, long Total);
