namespace MusicGen.Plotting;

/// <summary>A horizontal line at y = <see cref="Y"/> across the whole plot area (matplotlib's axhline); see
/// <see cref="ReferenceLine"/>.</summary>
public sealed class HLine : ReferenceLine
{
    public HLine(double y) : base(y, vertical: false) { }

    public double Y => Value;
}
