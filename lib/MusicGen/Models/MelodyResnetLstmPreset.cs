namespace MusicGen.Models;

/// <summary>
/// <c>melody-resnet-lstm</c>: Ozawa &amp; Okazaki 2022, the combining model (SOURCES.md §8): as <c>melody-lstm</c> plus a
/// skip connection from after LSTM 1 to before Dense 1 (LSTM 1's output added to LSTM 2's, so both have the same
/// size). Sizes and training settings are our documented choices (<see cref="MelodyPreset"/>).
/// </summary>
public sealed class MelodyResnetLstmPreset : MelodyPreset
{
    /// <inheritdoc/>
    public override string Id => "melody-resnet-lstm";

    /// <inheritdoc/>
    protected override bool Residual => true;
}
