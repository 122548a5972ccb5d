namespace MusicGen.Nn;

/// <summary>
/// The start of every element-wise loss's backward (BCE with logits, MSE, MSE⁺): the gradient spans of the input
/// (slot A) and target (slot B) — empty when that side needs no gradient — and the scale of element i's gradient,
/// the output's gradient g[i] for <see cref="Reduction.None"/>, else g[0] / <see cref="TapeEntry.Denominator"/>.
/// </summary>
internal readonly ref struct ElementwiseLossGrad
{
    readonly ReadOnlySpan<float> _go;
    readonly bool _none;
    readonly float _denominator;

    public ElementwiseLossGrad(in TapeEntry e)
    {
        _go = e.Output.GradOrEmpty;
        _none = e.Reduction == Reduction.None;
        _denominator = e.Denominator;
        Dx = e.A!.RequiresGrad ? e.A.GradSpan() : default;
        Dt = e.B!.RequiresGrad ? e.B.GradSpan() : default;
    }

    /// <summary>Gradient of the input, same shape; empty when the input needs none.</summary>
    public Span<float> Dx { get; }

    /// <summary>Gradient of the target, same shape; empty when the target needs none.</summary>
    public Span<float> Dt { get; }

    /// <summary>d loss / d (element i's loss).</summary>
    public float Scale(int i) => _none ? _go[i] : _go[0] / _denominator;
}
