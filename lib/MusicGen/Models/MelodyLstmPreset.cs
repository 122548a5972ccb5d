namespace MusicGen.Models;

/// <summary>
/// <c>melody-lstm</c>: Ozawa &amp; Okazaki 2022, "LSTM Model" (SOURCES.md §8): LayerNorm → LSTM → LSTM → Dense → Dense on
/// right-hand melody notes. Sizes and training settings are our documented choices (<see cref="MelodyPreset"/>).
/// </summary>
public sealed class MelodyLstmPreset : MelodyPreset
{
    /// <inheritdoc/>
    public override string Id => "melody-lstm";

    /// <inheritdoc/>
    protected override bool Residual => false;
}
