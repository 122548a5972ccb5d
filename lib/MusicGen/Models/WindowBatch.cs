namespace MusicGen.Models;

/// <summary>
/// A training batch of windows as raw corpus rows: for each of <see cref="Batch"/> examples,
/// <see cref="Window"/> input rows followed by the target row (rows before a song's start are zeros when the
/// preset pads in front). <see cref="Rows"/> is (Batch, Window + 1, Features) row-major.
/// </summary>
public sealed class WindowBatch
{
    /// <summary>A batch over a new array (Batch · (Window + 1) · Features floats).</summary>
    public WindowBatch(int batch, int window, int features)
    {
        (Batch, Window, Features) = (batch, window, features);
        Rows = new float[batch * (window + 1) * features];
    }

    /// <summary>Examples in the batch.</summary>
    public int Batch { get; }

    /// <summary>Input rows per example (the target row follows them).</summary>
    public int Window { get; }

    /// <summary>Columns per row.</summary>
    public int Features { get; }

    /// <summary>(Batch, Window + 1, Features) raw values.</summary>
    public float[] Rows { get; }

    /// <summary>Row <paramref name="t"/> (0 … Window; Window = the target) of example <paramref name="b"/>.</summary>
    public Span<float> Row(int b, int t) => Rows.AsSpan(((b * (Window + 1)) + t) * Features, Features);
}
