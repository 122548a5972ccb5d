namespace MusicGen.Plotting;

/// <summary>A vertical line at x = <see cref="X"/> across the whole plot area (matplotlib's axvline); see
/// <see cref="ReferenceLine"/>.</summary>
public sealed class VLine : ReferenceLine
{
    public VLine(double x) : base(x, vertical: true) { }

    public double X => Value;
}
