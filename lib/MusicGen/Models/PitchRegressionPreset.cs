using MusicGen.Midi;
using MusicGen.Nn;
using MusicGen.Nn.Optim;

namespace MusicGen.Models;

/// <summary>
/// <c>pitch-regression</c>: Suneetha et al. 2024 (LSTM music generation by regression on MIDI messages, read with
/// mido): every note-on of the song's non-drum instruments in time order as (pitch, velocity, time delta), the
/// delta being seconds since the previous note-on (what mido's <c>msg.time</c> holds when iterating a file).
/// Network: LSTM (return sequences) → LSTM (last step) → Dense 3, predicting the next message's scaled values
/// (pitch / 127, velocity / 127, delta); mean squared error; Adam.
/// </summary>
/// <remarks>
/// The paper gives the layer types but not all sizes; our documented defaults: LSTM 128 and 128 units, window 50
/// messages, Adam lr 0.001, batch 64, 50 epochs. Generation is deterministic regression (no distribution to
/// sample; the <see cref="Sampler"/> is not used): pitch = round(127·ŷ) clamped to 0–127, velocity clamped to
/// 1–127, delta clipped at 0. The representation has no note lengths, so each note is written
/// <see cref="NoteSeconds"/> long.
/// </remarks>
public sealed class PitchRegressionPreset : Preset
{
    /// <summary>Length of every written note.</summary>
    public const double NoteSeconds = 0.5;

    /// <inheritdoc/>
    public override string Id => "pitch-regression";

    /// <inheritdoc/>
    public override string Citation => "Suneetha et al. 2024, LSTM regression on mido note messages (SOURCES.md §9)";

    /// <inheritdoc/>
    public override string Unit => "message";

    /// <inheritdoc/>
    public override string Representation => "note-on messages (pitch, velocity, time delta), pitch and velocity / 127, window 50";

    /// <inheritdoc/>
    public override PresetOptions DefaultOptions() => new()
    {
        HiddenSize = 128, HiddenSize2 = 128, Window = 50, LearningRate = 0.001, BatchSize = 64, Epochs = 50, Temperature = 0f,
    };

    /// <inheritdoc/>
    public override PresetOptions TinyOptions() => new()
    {
        HiddenSize = 16, HiddenSize2 = 16, Window = 8, LearningRate = 0.01, BatchSize = 16, Epochs = 3, Temperature = 0f,
    };

    /// <inheritdoc/>
    public override int FeatureCount => 3;

    /// <inheritdoc/>
    public override int InputSize => 3;

    /// <inheritdoc/>
    public override EncodedCorpus Encode(IReadOnlyList<MidiSong> songs, IReadOnlyList<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(songs);
        var arrays = new List<float[,]>(songs.Count);
        foreach (var song in songs)
        {
            // note-ons in file time order; simultaneous ones by pitch, as a sorted message stream lists them
            var notes = song.GetAllNotes().OrderBy(n => n.Start).ThenBy(n => n.Pitch).ToList();
            var a = new float[notes.Count, 3];
            for (int i = 0; i < notes.Count; i++)
            {
                a[i, 0] = notes[i].Pitch;
                a[i, 1] = notes[i].Velocity;
                a[i, 2] = i == 0 ? (float)notes[0].Start : (float)(notes[i].Start - notes[i - 1].Start);
            }
            arrays.Add(a);
        }
        return new EncodedCorpus(arrays, 3, null, names);
    }

    /// <inheritdoc/>
    public override void ScaleInput(ReadOnlySpan<float> raw, Span<float> input, bool generated)
    {
        input[0] = raw[0] / 127f;
        input[1] = raw[1] / 127f;
        input[2] = raw[2];
    }

    /// <inheritdoc/>
    protected override SequenceModel BuildModel() => new PitchRegressionNet(Options.HiddenSize, Options.HiddenSize2);

    /// <inheritdoc/>
    public override Optimizer CreateOptimizer(Module model) => new Adam(model.Parameters(), lr: Options.LearningRate);

    /// <inheritdoc/>
    public override long ParameterCount() => Count(false);

    /// <inheritdoc/>
    public override long KerasParameterCount() => Count(true);

    long Count(bool keras) => ParameterCounts.Lstm(3, Options.HiddenSize, keras) + ParameterCounts.Lstm(Options.HiddenSize, Options.HiddenSize2, keras)
        + ParameterCounts.Linear(Options.HiddenSize2, 3);

    /// <inheritdoc/>
    public override Tensor Loss(SequenceModel model, WindowBatch batch)
    {
        var y = new float[batch.Batch * 3];
        for (int b = 0; b < batch.Batch; b++) ScaleInput(batch.Row(b, batch.Window), y.AsSpan(b * 3, 3), generated: false);
        return F.MseLoss(model.Forward(Inputs(batch)), Tensor.FromArray(y, batch.Batch, 3));
    }

    /// <inheritdoc/>
    protected override float[] NextRow(ReadOnlySpan<float> output, Sampler sampler) =>
    [
        Math.Clamp(MathF.Round(output[0] * 127f), 0f, 127f),
        Math.Clamp(MathF.Round(output[1] * 127f), 1f, 127f),
        MathF.Max(0f, output[2]),
    ];

    /// <inheritdoc/>
    public override MidiSong ToSong(IReadOnlyList<float[]> rows)
    {
        var piano = new Instrument(0, name: "Piano");
        double t = 0;
        for (int i = 0; i < rows.Count; i++)
        {
            if (i > 0) t += rows[i][2];
            piano.Notes.Add(new Note((int)rows[i][0], (int)rows[i][1], t, t + NoteSeconds));
        }
        var song = new MidiSong();
        song.Instruments.Add(piano);
        return song;
    }
}
