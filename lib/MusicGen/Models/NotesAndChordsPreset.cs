using MusicGen.Midi;
using MusicGen.Nn;
using MusicGen.Nn.Optim;
using MusicGen.Representations;

namespace MusicGen.Models;

/// <summary>
/// <c>notes-and-chords</c>: Medisetty 2021, Skuldur/Classical-Piano-Composer at HEAD (SOURCES.md §1).
/// music21-style note/chord string tokens of each song's first part (<see cref="NoteChordTokens.FromSong"/>),
/// vocabulary = <c>sorted(set(tokens))</c> (ordinal), windows of 100 ids divided by V → next id.
/// Network (§1.3): LSTM 512 → LSTM 512 → LSTM 512 (last step) → BatchNorm → Dropout 0.3 → Dense 256 ReLU →
/// BatchNorm → Dropout 0.3 → Dense V (softmax in the loss); categorical cross-entropy; RMSprop with Keras
/// defaults (lr 0.001, ρ 0.9, ε 1e-7); batch 128; 200 epochs.
/// </summary>
/// <remarks>
/// Parameters at V = 279: Keras 5,457,175 (<see cref="KerasParameterCount"/>, counting one LSTM bias and BatchNorm's
/// moving statistics); PyTorch counting (<see cref="Preset.ParameterCount"/>) = 5,457,175 + 3·2,048 (second LSTM
/// bias) − 1,536 (BatchNorm running mean/var are buffers) = 5,461,783.
/// Deviation: Keras' <c>recurrent_dropout=0.3</c> on LSTMs 1–2 is approximated by Dropout 0.3 on their outputs
/// (our LSTM kernel has no recurrent dropout). BatchNorm uses Keras' ε 1e-3 and momentum 0.99 (PyTorch 0.01).
/// Quirk (§1.4–1.5): <c>predict.py</c> decodes greedily (argmax, no temperature) and writes tokens on an
/// eighth-note grid (0.5 quarter = 0.25 s at 120 bpm, each lasting a quarter); <see cref="QuirkMode.Faithful"/>
/// does that, <see cref="QuirkMode.Fixed"/> samples with the given <see cref="Sampler"/> on the same grid.
/// Generation carries LSTM state over a growing context instead of re-running a sliding 100-token window.
/// </remarks>
public sealed class NotesAndChordsPreset : Preset
{
    /// <summary>The committed <c>data/notes</c> vocabulary size (§1.1).</summary>
    public const int PaperVocabularySize = 279;

    /// <inheritdoc/>
    public override string Id => "notes-and-chords";

    /// <inheritdoc/>
    public override string Citation => "Medisetty 2021, Skuldur/Classical-Piano-Composer (SOURCES.md §1)";

    /// <inheritdoc/>
    public override string Unit => "token";

    /// <inheritdoc/>
    public override string Representation => "music21-style note/chord string tokens, ordinal vocabulary, id / V on input, window 100";

    /// <inheritdoc/>
    public override PresetOptions DefaultOptions() => new()
    {
        HiddenSize = 512, HiddenSize2 = 512, DenseSize = 256, Window = 100, VocabularySize = PaperVocabularySize,
        Dropout = 0.3f, LearningRate = 0.001, BatchSize = 128, Epochs = 200, Temperature = 1f,
    };

    /// <inheritdoc/>
    public override PresetOptions TinyOptions() => new()
    {
        HiddenSize = 16, HiddenSize2 = 16, DenseSize = 16, Window = 8, VocabularySize = PaperVocabularySize,
        Dropout = 0.3f, LearningRate = 0.01, BatchSize = 16, Epochs = 3, Temperature = 1f,
    };

    /// <inheritdoc/>
    public override int FeatureCount => 1;

    /// <inheritdoc/>
    public override int InputSize => 1;

    /// <inheritdoc/>
    public override EncodedCorpus Encode(IReadOnlyList<MidiSong> songs, IReadOnlyList<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(songs);
        var tokens = songs.Select(s => NoteChordTokens.FromSong(s)).ToList();
        var vocab = Vocabulary.Ordinal(tokens.SelectMany(t => t));
        if (vocab.Count == 0) throw new ArgumentException($"{Id}: the songs have no notes", nameof(songs));
        Vocabulary = vocab;
        Options.VocabularySize = vocab.Count;
        var arrays = tokens.Select(t => Column(vocab.Encode(t))).ToList();
        return new EncodedCorpus(arrays, 1, vocab, names);
    }

    internal static float[,] Column(int[] ids)
    {
        var a = new float[ids.Length, 1];
        for (int i = 0; i < ids.Length; i++) a[i, 0] = ids[i];
        return a;
    }

    /// <inheritdoc/>
    public override void ScaleInput(ReadOnlySpan<float> raw, Span<float> input, bool generated) => input[0] = raw[0] / Options.VocabularySize;

    /// <inheritdoc/>
    protected override SequenceModel BuildModel()
    {
        if (Options.VocabularySize < 1) throw new InvalidOperationException($"{Id}: vocabulary size unknown; Encode the songs first");
        return new NotesAndChordsNet(Options.VocabularySize, Options.HiddenSize, Options.HiddenSize2, Options.DenseSize, Options.Dropout);
    }

    /// <inheritdoc/>
    public override Optimizer CreateOptimizer(Module model) => RMSprop.KerasDefaults(model.Parameters(), lr: Options.LearningRate);

    /// <inheritdoc/>
    public override long ParameterCount() => Count(keras: false);

    /// <inheritdoc/>
    public override long KerasParameterCount() => Count(keras: true);

    long Count(bool keras)
    {
        var o = Options;
        return ParameterCounts.Lstm(1, o.HiddenSize, keras) + ParameterCounts.Lstm(o.HiddenSize, o.HiddenSize2, keras)
            + ParameterCounts.Lstm(o.HiddenSize2, o.HiddenSize2, keras) + ParameterCounts.BatchNorm(o.HiddenSize2, keras)
            + ParameterCounts.Linear(o.HiddenSize2, o.DenseSize) + ParameterCounts.BatchNorm(o.DenseSize, keras)
            + ParameterCounts.Linear(o.DenseSize, o.VocabularySize);
    }

    /// <inheritdoc/>
    public override Tensor Loss(SequenceModel model, WindowBatch batch) => F.CrossEntropy(model.Forward(Inputs(batch)), TargetClasses(batch));

    /// <inheritdoc/>
    protected override float[] NextRow(ReadOnlySpan<float> output, Sampler sampler) =>
        [Options.Quirk == QuirkMode.Faithful ? Sampler.ArgMax(output) : sampler.SampleLogits(output)];

    /// <inheritdoc/>
    public override MidiSong ToSong(IReadOnlyList<float[]> rows)
    {
        var vocab = Vocabulary ?? throw new InvalidOperationException($"{Id}: no vocabulary; Encode the songs or load a checkpoint first");
        var notes = NoteChordTokens.ToNotes(rows.Select(r => vocab[(int)r[0]]));
        var song = new MidiSong();
        var piano = new Instrument(0, name: "Piano");
        piano.Notes.AddRange(notes);
        song.Instruments.Add(piano);
        return song;
    }
}
