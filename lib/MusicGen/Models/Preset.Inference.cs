namespace MusicGen.Models;

/// <summary>Generation through <see cref="InferenceStep"/>: the stateful loop of <see cref="GenerateRows"/> without
/// the autograd engine (no tape, no tensors per row), for the preset networks it knows.</summary>
public abstract partial class Preset
{
    /// <summary>False makes <see cref="GenerateRows"/> always use <see cref="SequenceModel.Step"/> (tests compare the two paths).</summary>
    internal bool UseInferenceStep { get; set; } = true;

    /// <summary>The stateful generation of <see cref="GenerateRows"/> on an <see cref="InferenceStep"/> of
    /// <paramref name="model"/> (in eval mode), or null when there is none. Same rows as the tape path: prompt rows
    /// fed one by one, then each generated row; the sampler sees the same outputs up to float rounding.</summary>
    List<float[]>? GenerateWithInferenceStep(SequenceModel model, float[,] prompt, int count, Sampler sampler)
    {
        if (!UseInferenceStep || InferenceStep.For(model) is not { } step || step.InputSize != InputSize) return null;
        var raw = new float[FeatureCount];
        var x = new float[InputSize];
        var output = new float[step.OutputSize];
        for (int r = 0; r < prompt.GetLength(0); r++)
        {
            for (int c = 0; c < FeatureCount; c++) raw[c] = prompt[r, c];
            ScaleInput(raw, x, generated: false);
            if (r < prompt.GetLength(0) - 1) step.Feed(x); // only the last prompt row's outputs are used
            else step.Forward(x, output);
        }
        var generated = new List<float[]>(count);
        for (int i = 0; i < count; i++)
        {
            Runtime.Interruption.ThrowIfRequested(); // a notebook's Interrupt stops generation per note
            var row = NextRow(output, sampler);
            generated.Add(row);
            if (i == count - 1) break; // the last row's outputs are not needed
            ScaleInput(row, x, generated: true);
            step.Forward(x, output);
        }
        return generated;
    }
}
