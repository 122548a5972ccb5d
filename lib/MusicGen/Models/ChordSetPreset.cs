using MusicGen.Midi;
using MusicGen.Nn;
using MusicGen.Nn.Optim;
using MusicGen.Representations;

namespace MusicGen.Models;

/// <summary>
/// The common part of the four Lorinczi &amp; Brailovsky 2021 presets (Ran-br/Music-Generation-Using-Deep-Learning,
/// SOURCES.md §2): piano-roll chord-set tokens at fs 20 (<see cref="ChordSetTokenizer"/>, first-seen ids,
/// "e" = 0), windows of 200 raw ids (not normalised, no embedding) padded in front with zeros so every frame is
/// a target (§2.2), categorical cross-entropy, Adam (Keras defaults, lr 0.001), batch 256, LSTM units 256,
/// 100 song epochs. Generation writes velocity 64 through the reverse-piano-roll recipe (§2.5); the seed decodes
/// greedily (<c>predict_classes</c>) — use <see cref="Sampler.Greedy"/> for that, or any sampler.
/// Default vocabulary = 21,735 tokens, the paper's 86 files re-tokenized (§2.2), for <see cref="Preset.ParameterCount"/>.
/// </summary>
public abstract class ChordSetPreset : Preset
{
    /// <summary>Vocabulary size of the paper's 86 files with this tokenizer (§2.2, derived).</summary>
    public const int PaperVocabularySize = 21_735;

    /// <inheritdoc/>
    public override string Citation => "Lorinczi & Brailovsky 2021, Ran-br/Music-Generation-Using-Deep-Learning (SOURCES.md §2)";

    /// <inheritdoc/>
    public override string Unit => "frame";

    /// <inheritdoc/>
    public override string Representation => "piano-roll chord-set tokens (fs 20, first-seen ids, raw ids on input), window 200 zero-padded in front";

    /// <inheritdoc/>
    public override PresetOptions DefaultOptions() => new()
    {
        HiddenSize = 256, HiddenSize2 = 256, DenseSize = 256, Window = 200, VocabularySize = PaperVocabularySize,
        LearningRate = 0.001, BatchSize = 256, Epochs = 100, Temperature = 1f,
    };

    /// <inheritdoc/>
    public override PresetOptions TinyOptions() => new()
    {
        HiddenSize = 16, HiddenSize2 = 16, DenseSize = 16, Window = 12, VocabularySize = PaperVocabularySize,
        LearningRate = 0.01, BatchSize = 16, Epochs = 3, Temperature = 1f,
    };

    /// <inheritdoc/>
    public override int FeatureCount => 1;

    /// <inheritdoc/>
    public override int InputSize => 1;

    /// <inheritdoc/>
    public override bool PadFront => true;

    /// <summary>Frames per second of the roll (§2.1).</summary>
    public double Fs { get; set; } = ChordSetTokenizer.DefaultFs;

    /// <inheritdoc/>
    public override EncodedCorpus Encode(IReadOnlyList<MidiSong> songs, IReadOnlyList<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(songs);
        var tokenizer = new ChordSetTokenizer();
        var arrays = songs.Select(s => NotesAndChordsPreset.Column(tokenizer.Encode(s, Fs))).ToList();
        Vocabulary = tokenizer.Vocabulary;
        Options.VocabularySize = tokenizer.Vocabulary.Count;
        return new EncodedCorpus(arrays, 1, tokenizer.Vocabulary, names);
    }

    /// <summary>Raw ids, as the seed feeds them (§2.2).</summary>
    public override void ScaleInput(ReadOnlySpan<float> raw, Span<float> input, bool generated) => input[0] = raw[0];

    /// <inheritdoc/>
    protected override SequenceModel BuildModel()
    {
        if (Options.VocabularySize < 1) throw new InvalidOperationException($"{Id}: vocabulary size unknown; Encode the songs first");
        return BuildNet(Options);
    }

    /// <summary>The network at the given options.</summary>
    protected abstract SequenceModel BuildNet(PresetOptions options);

    /// <inheritdoc/>
    public override Optimizer CreateOptimizer(Module model) => new Adam(model.Parameters(), lr: Options.LearningRate, eps: 1e-7);

    /// <inheritdoc/>
    public override Tensor Loss(SequenceModel model, WindowBatch batch) => F.CrossEntropy(model.Forward(Inputs(batch)), TargetClasses(batch));

    /// <inheritdoc/>
    protected override float[] NextRow(ReadOnlySpan<float> output, Sampler sampler) => [sampler.SampleLogits(output)];

    /// <inheritdoc/>
    public override MidiSong ToSong(IReadOnlyList<float[]> rows)
    {
        var vocab = Vocabulary ?? throw new InvalidOperationException($"{Id}: no vocabulary; Encode the songs or load a checkpoint first");
        return new ChordSetTokenizer(vocab).DecodeToSong(rows.Select(r => (int)r[0]).ToArray(), Fs, program: 0, velocity: 64);
    }
}
