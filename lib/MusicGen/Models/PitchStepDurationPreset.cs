using MusicGen.Midi;
using MusicGen.Nn;
using MusicGen.Nn.Optim;
using MusicGen.Representations;

namespace MusicGen.Models;

/// <summary>
/// <c>pitch-step-duration</c>: Zhang 2023, the TensorFlow tutorial "Generate music with an RNN"
/// (SOURCES.md §3). Rows (pitch, step, duration) from instrument 0, notes sorted by start; input = the 25
/// previous rows with pitch / 128 (step and duration in seconds, unscaled); LSTM(128), last step → heads pitch
/// (128 logits), step (1), duration (1); loss 0.05·CE(pitch) + MSE⁺(step) + MSE⁺(duration) where MSE⁺ adds
/// 10·max(−ŷ, 0); Adam lr 0.005, batch 64, 50 epochs; generation samples pitch from logits / 2.0 (temperature)
/// and clips step and duration at 0; notes are written at velocity 100.
/// </summary>
/// <remarks>
/// Parameters: Keras counts 67,584 + 16,512 + 129 + 129 = 84,354 (<see cref="KerasParameterCount"/>); our LSTM has
/// PyTorch's two biases, so <see cref="Preset.ParameterCount"/> is 84,354 + 4·128 = 84,866.
/// Quirk (§3.4): the tutorial appends generated notes to the window with the pitch NOT divided by 128.
/// <see cref="QuirkMode.Faithful"/> reproduces that; <see cref="QuirkMode.Fixed"/> scales generated pitches like the
/// training inputs. Deviation: windows never cross song boundaries (the tutorial concatenates its 5 files).
/// A note whose duration is clipped to 0 is written with <see cref="MinNoteSeconds"/> so it survives in the MIDI file.
/// Generation (<see cref="Preset.GenerateRows"/>) carries the LSTM state over everything generated so far; the
/// tutorial instead re-runs the last 25 rows from a zero state for every note. Both are deterministic for a seed but
/// they are different conditionals, so the two pick different pitches for some notes (notebook 05 measures it).
/// </remarks>
public sealed class PitchStepDurationPreset : Preset
{
    /// <summary>Shortest written note (a zero-length note would vanish from the MIDI file).</summary>
    public const double MinNoteSeconds = 0.01;

    /// <inheritdoc/>
    public override string Id => "pitch-step-duration";

    /// <inheritdoc/>
    public override string Citation => "Zhang 2023, TensorFlow tutorial \"Generate music with an RNN\" (SOURCES.md §3)";

    /// <inheritdoc/>
    public override string Unit => "note";

    /// <inheritdoc/>
    public override string Representation => "note table rows (pitch, step, duration), pitch / 128 on input, window 25";

    /// <inheritdoc/>
    public override PresetOptions DefaultOptions() => new()
    {
        HiddenSize = 128, Window = 25, LearningRate = 0.005, BatchSize = 64, Epochs = 50, Temperature = 2.0f,
    };

    /// <inheritdoc/>
    public override PresetOptions TinyOptions() => new()
    {
        HiddenSize = 16, Window = 8, LearningRate = 0.01, BatchSize = 16, Epochs = 3, Temperature = 1.0f,
    };

    /// <inheritdoc/>
    public override int FeatureCount => 3;

    /// <inheritdoc/>
    public override int InputSize => 3;

    /// <inheritdoc/>
    public override EncodedCorpus Encode(IReadOnlyList<MidiSong> songs, IReadOnlyList<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(songs);
        var arrays = songs.Select(s => s.Instruments.Count == 0 ? new float[0, 3] : NoteTable.FromSong(s).ToArray("pitch", "step", "duration")).ToList();
        return new EncodedCorpus(arrays, 3, null, names);
    }

    /// <inheritdoc/>
    public override void ScaleInput(ReadOnlySpan<float> raw, Span<float> input, bool generated)
    {
        // §3.4: generated pitches go back raw in the faithful mode.
        input[0] = generated && Options.Quirk == QuirkMode.Faithful ? raw[0] : raw[0] / 128f;
        input[1] = raw[1];
        input[2] = raw[2];
    }

    /// <inheritdoc/>
    protected override SequenceModel BuildModel() => new PitchStepDurationNet(Options.HiddenSize);

    /// <inheritdoc/>
    public override Optimizer CreateOptimizer(Module model) => new Adam(model.Parameters(), lr: Options.LearningRate);

    /// <inheritdoc/>
    public override long ParameterCount() => ParameterCounts.Lstm(3, Options.HiddenSize) + Heads();

    /// <inheritdoc/>
    public override long KerasParameterCount() => ParameterCounts.Lstm(3, Options.HiddenSize, keras: true) + Heads();

    long Heads() => ParameterCounts.Linear(Options.HiddenSize, 128) + 2 * ParameterCounts.Linear(Options.HiddenSize, 1);

    /// <inheritdoc/>
    public override Tensor Loss(SequenceModel model, WindowBatch batch)
    {
        var y = model.Forward(Inputs(batch)); // (B, 130): pitch logits, step, duration
        var pitch = F.Narrow(y, 1, 0, 128);
        var loss = F.Mul(F.CrossEntropy(pitch, TargetClasses(batch, 0)), 0.05f);
        loss = F.Add(loss, F.PositivePressureMse(F.Narrow(y, 1, 128, 1), TargetColumn(batch, 1)));
        return F.Add(loss, F.PositivePressureMse(F.Narrow(y, 1, 129, 1), TargetColumn(batch, 2)));
    }

    /// <inheritdoc/>
    protected override float[] NextRow(ReadOnlySpan<float> output, Sampler sampler) =>
        [sampler.SampleLogits(output[..128]), MathF.Max(0f, output[128]), MathF.Max(0f, output[129])];

    /// <inheritdoc/>
    public override MidiSong ToSong(IReadOnlyList<float[]> rows)
    {
        var notes = NoteTable.ToNotes(rows.Select(r => ((int)r[0], (double)r[1], Math.Max((double)r[2], MinNoteSeconds))), velocity: 100);
        var song = new MidiSong();
        var piano = new Instrument(0, name: "Acoustic Grand Piano");
        piano.Notes.AddRange(notes);
        song.Instruments.Add(piano);
        return song;
    }
}
