using MusicGen.Models;

namespace MusicGen.Cli.Bench;

/// <summary>
/// Settings of <see cref="PianoRollNllBenchmark"/> (<c>musicgen bench nll</c>). The network is Bai, Kolter &amp;
/// Koltun 2018, Table 3, JSB Chorales LSTM (2 × 200, clip 1) with Adam and early stopping on the validation NLL.
/// Tuned on JSB validation NLL (tests/MusicGen.Benchmarks/results/): batch 8, lr 2e-3, output bias at the key
/// frequencies, dropout 0.3, and — beyond Bai et al. — random transposition of training pieces by ±6 semitones.
/// Without the transposition (<c>--transpose 0</c>) the best validation NLL was 8.58 (test 8.60) at dropout 0.2–0.4:
/// the LSTM overfits after ~20 epochs; with it, it keeps improving for ~100 epochs.
/// </summary>
internal sealed record PianoRollNllSettings
{
    /// <summary>Dataset name (jsb-chorales, nottingham, piano-midi, sample) or a path to a split JSON file.</summary>
    public string Dataset { get; init; } = "jsb-chorales";

    /// <summary>Explicit dataset folder or file (else MUSICGEN_DATA / data/).</summary>
    public string? DataPath { get; init; }

    /// <summary>Maximum epochs.</summary>
    public int Epochs { get; init; } = 200;

    /// <summary>Wall-clock budget in minutes (no epoch starts that would overrun it); null = none.</summary>
    public double? Minutes { get; init; }

    public int BatchSize { get; init; } = 8;

    public double LearningRate { get; init; } = 2e-3;

    public int HiddenSize { get; init; } = 200;

    public int NumLayers { get; init; } = 2;

    public float Dropout { get; init; } = 0.3f;

    /// <summary>Dropout on the input frames (a regularizer, not augmentation: targets are untouched). Default 0.</summary>
    public float InputDropout { get; init; }

    /// <summary>Initial forget-gate bias (see <see cref="PianoRollLstm"/>); null = PyTorch's uniform init.</summary>
    public float? ForgetBias { get; init; } = 1f;

    public double ClipGradNorm { get; init; } = 1.0;

    /// <summary>Random transposition of training pieces by up to ± this many semitones
    /// (<see cref="PianoRollTask.TransposeRange"/>; data augmentation beyond Bai et al.). Default 6; 0 = off.</summary>
    public int TransposeRange { get; init; } = 6;

    /// <summary>Adam's L2 penalty (PyTorch <c>weight_decay</c>). Default 0.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Start the output bias at the training key frequencies (<see cref="PianoRollLstm.InitOutputBias"/>).</summary>
    public bool InitOutputBias { get; init; } = true;

    /// <summary>Early-stopping patience in epochs (validation NLL).</summary>
    public int Patience { get; init; } = 10;

    /// <summary>Multiply the learning rate by this when the validation NLL has not improved for
    /// <see cref="DecayPatience"/> epochs (null = constant rate).</summary>
    public double? DecayFactor { get; init; } = 0.5;

    /// <summary>Epochs without improvement before a learning-rate decay.</summary>
    public int DecayPatience { get; init; } = 4;

    /// <summary>Seed of the initialisation, shuffling and dropout.</summary>
    public ulong Seed { get; init; }

    /// <summary>Networks trained (seeds <see cref="Seed"/>, <see cref="Seed"/> + 1, …) and scored as one equal-weight
    /// mixture of their key probabilities; 1 = a single network (Bai et al.'s setting).</summary>
    public int Ensemble { get; init; } = 1;

    /// <summary>Score valid and test as the mixture over transpositions −K … K of each piece
    /// (<see cref="TransposedScoring"/>); 0 = the pieces as they are. The training NLL is always untransposed.</summary>
    public int TestTranspose { get; init; }

    /// <summary>Caps optimizer steps per epoch (smoke runs); null = whole split.</summary>
    public int? MaxStepsPerEpoch { get; init; }
}
