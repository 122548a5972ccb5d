using MusicGen.Midi;
using MusicGen.Nn;
using MusicGen.Nn.Optim;
using MusicGen.Representations;

namespace MusicGen.Models;

/// <summary>
/// A model preset (lib/README.md §4, "Presets"): one seed system's representation, network, loss, optimizer and
/// generation procedure behind a stable <see cref="Id"/>. Subclasses in this assembly with a public parameterless
/// constructor are found by <see cref="Presets"/>, so a new preset is one new class.
/// </summary>
/// <remarks>
/// Typical use: <c>var p = Presets.Get("pitch-step-duration"); var corpus = p.Encode(songs); var task = p.CreateTask(corpus);
/// var model = p.CreateModel(); var opt = p.CreateOptimizer(model);</c> … train … <c>p.Generate(model, p.Prompt(corpus), 120, p.CreateSampler(42))</c>.
/// A preset instance is mutable (<see cref="Options"/>, <see cref="Vocabulary"/>): <see cref="Presets.Get"/> returns a new one each call.
/// </remarks>
public abstract partial class Preset
{
    PresetOptions? _options;

    /// <summary>Stable id, e.g. <c>pitch-step-duration</c>.</summary>
    public abstract string Id { get; }

    /// <summary>The paper or system this preset reproduces (citation text, not a random seed: that is
    /// <see cref="PresetOptions.Seed"/>).</summary>
    public abstract string Citation { get; }

    /// <summary>Short description of the representation.</summary>
    public abstract string Representation { get; }

    /// <summary>The paper's hyperparameters (or our documented choice where the paper gives none).</summary>
    public abstract PresetOptions DefaultOptions();

    /// <summary>Small sizes for tests and quick notebooks (seconds of training on the sample songs).</summary>
    public abstract PresetOptions TinyOptions();

    /// <summary>The hyperparameters in use (initially <see cref="DefaultOptions"/>); settable.</summary>
    public PresetOptions Options
    {
        get => _options ??= DefaultOptions();
        set => _options = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Switches to <see cref="TinyOptions"/> (keeping a vocabulary size already set by <see cref="Encode"/>); returns this.</summary>
    public Preset UseTiny()
    {
        int v = Options.VocabularySize;
        Options = TinyOptions();
        if (Vocabulary is not null) Options.VocabularySize = v;
        return this;
    }

    /// <summary>The token vocabulary of token presets (set by <see cref="Encode"/> or a loaded checkpoint), else null.</summary>
    public Vocabulary? Vocabulary { get; protected internal set; }

    /// <summary>Columns of a raw corpus row (e.g. 3 for pitch, step, duration; 1 for a token id).</summary>
    public abstract int FeatureCount { get; }

    /// <summary>Features of the model's input at each step (after <see cref="ScaleInput"/>).</summary>
    public abstract int InputSize { get; }

    /// <summary>True when training windows start before a song (zero rows in front, Lorinczi &amp; Brailovsky).</summary>
    public virtual bool PadFront => false;

    // ----- data -----

    /// <summary>Encodes songs in this preset's representation; token presets build a new vocabulary from them and set
    /// <see cref="Vocabulary"/> and <see cref="PresetOptions.VocabularySize"/>.</summary>
    public abstract EncodedCorpus Encode(IReadOnlyList<MidiSong> songs, IReadOnlyList<string>? names = null);

    /// <summary>The training task over an encoded corpus (windows, train/valid split by <see cref="PresetOptions.ValidFraction"/>).</summary>
    public ITrainingTask<SequenceModel> CreateTask(EncodedCorpus corpus) => CreateTask(corpus, null);

    /// <summary>The training task: with <paramref name="valid"/>, every window of <paramref name="corpus"/> trains and
    /// every window of <paramref name="valid"/> validates (a dataset's own split); without, each song's last
    /// <see cref="PresetOptions.ValidFraction"/> validates.</summary>
    public virtual ITrainingTask<SequenceModel> CreateTask(EncodedCorpus corpus, EncodedCorpus? valid) => new WindowTask(this, corpus, valid);

    /// <summary><see cref="Encode"/> then <see cref="CreateTask(EncodedCorpus)"/>.</summary>
    public ITrainingTask<SequenceModel> CreateTask(IReadOnlyList<MidiSong> songs) => CreateTask(Encode(songs));

    /// <summary>A generation prompt: <see cref="PresetOptions.Window"/> rows of song <paramref name="song"/> from row <paramref name="start"/>.</summary>
    public float[,] Prompt(EncodedCorpus corpus, int song = 0, int start = 0) => corpus.Slice(song, start, Options.Window);

    /// <summary>Scales one raw row into the model's input (e.g. pitch / 128). <paramref name="generated"/> is true for rows
    /// the model produced itself (the TF tutorial, SOURCES.md §3.4, feeds those back unscaled when faithful).</summary>
    public abstract void ScaleInput(ReadOnlySpan<float> raw, Span<float> input, bool generated);

    // ----- model -----

    /// <summary>A freshly initialised model at the current options, reproducible for <see cref="PresetOptions.Seed"/>.</summary>
    public SequenceModel CreateModel()
    {
        using var _ = Torch.UseGenerator(new Generator(Options.Seed));
        return BuildModel();
    }

    /// <summary>
    /// Data-dependent initialisation before training, e.g. an output bias at the training frequencies
    /// (<c>pianoroll-lstm</c>). Default: nothing. Call it between <see cref="CreateModel"/> and training.
    /// </summary>
    public virtual void InitializeFromData(SequenceModel model, EncodedCorpus corpus)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(corpus);
    }

    /// <summary>Builds the network (called inside a seeded generator scope).</summary>
    protected abstract SequenceModel BuildModel();

    /// <summary>The paper's optimizer over <paramref name="model"/>'s parameters at <see cref="PresetOptions.LearningRate"/>.</summary>
    public abstract Optimizer CreateOptimizer(Module model);

    /// <summary>Parameters of <see cref="CreateModel"/> at the current options, counted as PyTorch does (two LSTM
    /// biases, BatchNorm running statistics excluded), computed without building the model.</summary>
    public abstract long ParameterCount();

    /// <summary>The same network counted as Keras' <c>model.summary()</c> does (one LSTM bias per gate; BatchNorm
    /// moving mean/variance included), which is how the seed papers report sizes.</summary>
    public abstract long KerasParameterCount();

    /// <summary>Mean loss of a batch of windows (recorded on the tape when grad is enabled).</summary>
    public abstract Tensor Loss(SequenceModel model, WindowBatch batch);

    /// <summary>The scaled inputs of a batch: (B, Window, <see cref="InputSize"/>).</summary>
    protected Tensor Inputs(WindowBatch batch)
    {
        var x = new float[batch.Batch * batch.Window * InputSize];
        for (int b = 0; b < batch.Batch; b++)
            for (int t = 0; t < batch.Window; t++)
                ScaleInput(batch.Row(b, t), x.AsSpan((b * batch.Window + t) * InputSize, InputSize), generated: false);
        return Tensor.FromArray(x, batch.Batch, batch.Window, InputSize);
    }

    /// <summary>Column <paramref name="column"/> of each example's target row, as class indices.</summary>
    protected static int[] TargetClasses(WindowBatch batch, int column = 0)
    {
        var y = new int[batch.Batch];
        for (int b = 0; b < batch.Batch; b++) y[b] = (int)batch.Row(b, batch.Window)[column];
        return y;
    }

    /// <summary>Column <paramref name="column"/> of each example's target row times <paramref name="scale"/>: (B, 1).</summary>
    protected static Tensor TargetColumn(WindowBatch batch, int column, float scale = 1f)
    {
        var y = new float[batch.Batch];
        for (int b = 0; b < batch.Batch; b++) y[b] = batch.Row(b, batch.Window)[column] * scale;
        return Tensor.FromArray(y, batch.Batch, 1);
    }

    // ----- generation -----

    /// <summary>A sampler with the options' temperature, top-k and top-p, seeded with <paramref name="seed"/>.</summary>
    public Sampler CreateSampler(ulong seed = 0) => new(seed, Options.Temperature, Options.TopK, Options.TopP);

    /// <summary>The next raw row from the model's outputs after the last step (e.g. sample a pitch, clip step ≥ 0).</summary>
    protected abstract float[] NextRow(ReadOnlySpan<float> output, Sampler sampler);

    /// <summary>Generated raw rows → a song (the seed's MIDI writing).</summary>
    public abstract MidiSong ToSong(IReadOnlyList<float[]> rows);

    /// <summary>What one row of this representation is, singular: "note", "token", "frame" or "message". Generation
    /// counts rows in this unit.</summary>
    public abstract string Unit { get; }

    /// <summary>Generates <paramref name="count"/> rows (in <see cref="Unit"/>s) after <paramref name="prompt"/> (raw
    /// rows, not emitted); see <see cref="GenerateRows"/>.</summary>
    public Generation Generate(SequenceModel model, float[,] prompt, int count, Sampler sampler) =>
        new(this, prompt, GenerateRows(model, prompt, count, sampler));

    /// <summary>
    /// Generates <paramref name="count"/> raw rows (in <see cref="Unit"/>s) after <paramref name="prompt"/> (raw rows, e.g. from
    /// <see cref="Prompt"/>). Stateful (default): the prompt is fed once, then each new row is fed alone while the
    /// LSTMs carry (h, c) — O(1) work per row. <paramref name="stateful"/> = false re-runs the whole sequence so far
    /// from zero state at every step (same result, O(n) per row; tests use it to prove the carry-over). Models that
    /// cannot carry state (bidirectional) re-run the last <see cref="PresetOptions.Window"/> rows, as their seed does.
    /// Deterministic for a given model, prompt and sampler seed.
    /// </summary>
    public List<float[]> GenerateRows(SequenceModel model, float[,] prompt, int count, Sampler sampler, bool stateful = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(sampler);
        var m = model;
        if (prompt.GetLength(1) != FeatureCount) throw new ArgumentException($"{Id}: prompt rows have {prompt.GetLength(1)} columns, expected {FeatureCount}", nameof(prompt));
        if (prompt.GetLength(0) < 1) throw new ArgumentException($"{Id}: the prompt is empty", nameof(prompt));
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), $"count must be ≥ 0 {Unit}s, got {count}");
        bool wasTraining = m.Training;
        m.Eval();
        try
        {
            using var _ = Torch.NoGrad();
            var inputs = new List<float[]>();
            var raw = new float[FeatureCount];
            for (int r = 0; r < prompt.GetLength(0); r++)
            {
                for (int c = 0; c < FeatureCount; c++) raw[c] = prompt[r, c];
                var x = new float[InputSize];
                ScaleInput(raw, x, generated: false);
                inputs.Add(x);
            }
            bool carry = stateful && !m.RerunsWindow;
            if (carry && GenerateWithInferenceStep(m, prompt, count, sampler) is { } fast) return fast;
            var state = new RecurrentState();
            var output = carry ? m.Step(Chunk(inputs, 0, inputs.Count), state) : Rerun(m, inputs);
            var generated = new List<float[]>(count);
            for (int i = 0; i < count; i++)
            {
                Runtime.Interruption.ThrowIfRequested(); // a notebook's Interrupt stops generation per note
                var row = NextRow(output.ToArray(), sampler);
                generated.Add(row);
                var x = new float[InputSize];
                ScaleInput(row, x, generated: true);
                inputs.Add(x);
                if (i == count - 1) break; // the last row's outputs are not needed
                output = carry ? m.Step(Chunk(inputs, inputs.Count - 1, 1), state) : Rerun(m, inputs);
            }
            return generated;
        }
        finally { m.Train(wasTraining); }
    }

    Tensor Rerun(SequenceModel m, List<float[]> inputs)
    {
        int start = m.RerunsWindow ? Math.Max(0, inputs.Count - Options.Window) : 0;
        return m.Step(Chunk(inputs, start, inputs.Count - start), new RecurrentState());
    }

    Tensor Chunk(List<float[]> inputs, int start, int count)
    {
        var data = new float[count * InputSize];
        for (int i = 0; i < count; i++) inputs[start + i].CopyTo(data, i * InputSize);
        return Tensor.FromArray(data, 1, count, InputSize);
    }

    // ----- checkpoints -----

    /// <summary>
    /// Writes model (and optimizer state when given) with everything needed to rebuild the preset: metadata
    /// "preset" (id), "options" (JSON), "vocabulary" (JSON, token presets) and "prompt" (JSON rows, for
    /// <c>musicgen generate</c>). Atomic (Checkpoint.Save). See <see cref="PresetCheckpoint.Load"/>.
    /// </summary>
    public void Save(string path, Module model, Optimizer? optimizer = null, float[,]? prompt = null, IReadOnlyDictionary<string, string>? metadata = null) =>
        PresetCheckpoint.Save(this, path, model, optimizer, prompt, metadata);

    /// <inheritdoc/>
    public override string ToString() => $"{Id} ({Citation}; {ParameterCount():N0} parameters)";
}
