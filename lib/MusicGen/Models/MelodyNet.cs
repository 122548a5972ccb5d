using MusicGen.Nn;

namespace MusicGen.Models;

/// <summary>
/// Ozawa &amp; Okazaki 2022's networks: LayerNorm(4) → LSTM(H1) → LSTM(H2), last step → Dense(D) ReLU → Dense(131);
/// with <c>residual</c> (the combining model) LSTM 1's last-step output is added to LSTM 2's before Dense 1.
/// LSTM slots 0 and 1.
/// </summary>
internal sealed class MelodyNet : SequenceModel
{
    /// <summary>128 pitch logits, velocity / 128, duration, step.</summary>
    public const int Outputs = 131;

    readonly LayerNorm _norm;
    readonly LSTM _l1, _l2;
    readonly Linear _fc1, _fc2;
    readonly bool _residual;

    public MelodyNet(PresetOptions o, bool residual)
    {
        _residual = residual;
        _norm = RegisterModule("norm", new LayerNorm(4));
        _l1 = RegisterModule("l1", new LSTM(4, o.HiddenSize, batchFirst: true));
        _l2 = RegisterModule("l2", new LSTM(o.HiddenSize, o.HiddenSize2, batchFirst: true));
        _fc1 = RegisterModule("fc1", new Linear(o.HiddenSize2, o.DenseSize));
        _fc2 = RegisterModule("fc2", new Linear(o.DenseSize, Outputs));
    }

    public override Tensor Forward(Tensor x) => Step(x, new RecurrentState());

    public override Tensor Step(Tensor chunk, RecurrentState state)
    {
        var s1 = RunLstm(_l1, _norm.Forward(chunk), state, 0); // (B, t, H1)
        var h = F.Select(RunLstm(_l2, s1, state, 1), 1, -1);   // (B, H2)
        if (_residual) h = F.Add(h, F.Select(s1, 1, -1));
        return _fc2.Forward(F.Relu(_fc1.Forward(h)));          // (B, 131)
    }
}
