using MusicGen.Midi;
using MusicGen.Nn;
using MusicGen.Nn.Optim;
using MusicGen.Representations;

namespace MusicGen.Models;

/// <summary>
/// The common part of the Ozawa &amp; Okazaki 2022 presets (SOURCES.md §8: LSTM melody generation on piano-midi.de
/// Chopin right hands): the right-hand melody (<see cref="Melody.ExtractRightHand"/>) as rows (pitch, velocity,
/// duration, step) → LayerNorm → LSTM → LSTM (last step) → Dense ReLU → Dense (128 pitch logits, velocity,
/// duration, step). Loss: CE(pitch) + MSE(velocity / 128) + MSE(duration) + MSE(step) (seconds).
/// </summary>
/// <remarks>
/// The paper's hyperparameter tables are not available to us (SOURCES.md §8.3), so these are
/// our choices, all configurable through <see cref="Preset.Options"/>: LSTM 256 and 256 units, Dense 256, window
/// 32 notes, Adam lr 0.001, batch 64, 100 epochs, sampling temperature 1. Inputs are pitch / 128, velocity / 128,
/// duration and step in seconds; LayerNorm normalises each step's four features as the paper's first layer does.
/// The step column is our addition (the paper lists pitch, velocity, duration): without it rests cannot be
/// represented and generated notes could only be placed back to back. Generation samples the pitch, rounds the
/// velocity to 1–127 and clips duration and step at 0 (a note is written at least <see cref="MinNoteSeconds"/> long).
/// </remarks>
public abstract class MelodyPreset : Preset
{
    /// <summary>Shortest written note.</summary>
    public const double MinNoteSeconds = 0.01;

    /// <inheritdoc/>
    public override string Citation => "Ozawa & Okazaki 2022, LSTM melody generation (SOURCES.md §8)";

    /// <inheritdoc/>
    public override string Unit => "note";

    /// <inheritdoc/>
    public override string Representation => "right-hand melody rows (pitch, velocity, duration, step), pitch and velocity / 128, window 32";

    /// <summary>True for the combining model's skip from LSTM 1 to Dense 1.</summary>
    protected abstract bool Residual { get; }

    /// <inheritdoc/>
    public override PresetOptions DefaultOptions() => new()
    {
        HiddenSize = 256, HiddenSize2 = 256, DenseSize = 256, Window = 32, LearningRate = 0.001, BatchSize = 64, Epochs = 100, Temperature = 1f,
    };

    /// <inheritdoc/>
    public override PresetOptions TinyOptions() => new()
    {
        HiddenSize = 16, HiddenSize2 = 16, DenseSize = 16, Window = 8, LearningRate = 0.01, BatchSize = 16, Epochs = 3, Temperature = 1f,
    };

    /// <inheritdoc/>
    public override int FeatureCount => 4;

    /// <inheritdoc/>
    public override int InputSize => 4;

    /// <inheritdoc/>
    public override EncodedCorpus Encode(IReadOnlyList<MidiSong> songs, IReadOnlyList<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(songs);
        var arrays = new List<float[,]>(songs.Count);
        foreach (var song in songs)
        {
            var notes = Melody.ExtractRightHand(song);
            var a = new float[notes.Count, 4];
            for (int i = 0; i < notes.Count; i++)
            {
                a[i, 0] = notes[i].Pitch;
                a[i, 1] = notes[i].Velocity;
                a[i, 2] = (float)notes[i].Duration;
                a[i, 3] = i == 0 ? 0f : (float)(notes[i].Start - notes[i - 1].Start);
            }
            arrays.Add(a);
        }
        return new EncodedCorpus(arrays, 4, null, names);
    }

    /// <inheritdoc/>
    public override void ScaleInput(ReadOnlySpan<float> raw, Span<float> input, bool generated)
    {
        input[0] = raw[0] / 128f;
        input[1] = raw[1] / 128f;
        input[2] = raw[2];
        input[3] = raw[3];
    }

    /// <inheritdoc/>
    protected override SequenceModel BuildModel()
    {
        if (Residual && Options.HiddenSize != Options.HiddenSize2)
            throw new InvalidOperationException($"{Id}: the skip connection adds LSTM 1's output to LSTM 2's, so HiddenSize ({Options.HiddenSize}) must equal HiddenSize2 ({Options.HiddenSize2})");
        return new MelodyNet(Options.HiddenSize, Options.HiddenSize2, Options.DenseSize, Residual);
    }

    /// <inheritdoc/>
    public override Optimizer CreateOptimizer(Module model) => new Adam(model.Parameters(), lr: Options.LearningRate);

    /// <inheritdoc/>
    public override long ParameterCount() => Count(false);

    /// <inheritdoc/>
    public override long KerasParameterCount() => Count(true);

    long Count(bool keras) => ParameterCounts.LayerNorm(4) + ParameterCounts.Lstm(4, Options.HiddenSize, keras)
        + ParameterCounts.Lstm(Options.HiddenSize, Options.HiddenSize2, keras) + ParameterCounts.Linear(Options.HiddenSize2, Options.DenseSize)
        + ParameterCounts.Linear(Options.DenseSize, MelodyNet.Outputs);

    /// <inheritdoc/>
    public override Tensor Loss(SequenceModel model, WindowBatch batch)
    {
        var y = model.Forward(Inputs(batch)); // (B, 131)
        var loss = F.CrossEntropy(F.Narrow(y, 1, 0, 128), TargetClasses(batch, 0));
        loss = F.Add(loss, F.MseLoss(F.Narrow(y, 1, 128, 1), TargetColumn(batch, 1, 1f / 128)));
        loss = F.Add(loss, F.MseLoss(F.Narrow(y, 1, 129, 1), TargetColumn(batch, 2)));
        return F.Add(loss, F.MseLoss(F.Narrow(y, 1, 130, 1), TargetColumn(batch, 3)));
    }

    /// <inheritdoc/>
    protected override float[] NextRow(ReadOnlySpan<float> output, Sampler sampler) =>
    [
        sampler.SampleLogits(output[..128]),
        Math.Clamp(MathF.Round(output[128] * 128f), 1f, 127f),
        MathF.Max(0f, output[129]),
        MathF.Max(0f, output[130]),
    ];

    /// <inheritdoc/>
    public override MidiSong ToSong(IReadOnlyList<float[]> rows)
    {
        var right = new Instrument(0, name: "Piano right");
        double start = 0;
        for (int i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            if (i > 0) start += Math.Max(0, r[3]);
            right.Notes.Add(new Note((int)r[0], (int)r[1], start, start + Math.Max(r[2], MinNoteSeconds)));
        }
        var song = new MidiSong();
        song.Instruments.Add(right);
        return song;
    }
}
