using MusicGen.Data;
using MusicGen.Midi;
using MusicGen.Nn;
using MusicGen.Nn.Optim;

namespace MusicGen.Models;

/// <summary>
/// <c>pianoroll-lstm</c> (lib/README.md §4, Presets; beyond the seeds: the polyphonic benchmark of
/// SOURCES.md §6): 88-key binary frames (MIDI 21–108) → LSTM 2 × <see cref="PresetOptions.HiddenSize"/>
/// (Bai, Kolter &amp; Koltun 2018, Table 3, JSB: 2 × 200, dropout 0.2, gradient clip 1) → Linear(88) → sigmoid; loss
/// = frame NLL (§6.1: Bernoulli log-loss summed over the 88 keys, mean over predicted frames). Adam.
/// </summary>
/// <remarks>
/// MIDI songs are sampled on a grid of <see cref="StepSeconds"/> (a 16th note at 120 bpm; the benchmark files are
/// already on their grid — JSB in quarter notes — and go through <see cref="PianoRollTask.FromDataset"/> instead).
/// <see cref="CreateTask(EncodedCorpus, EncodedCorpus?)"/> trains on whole chunks of <see cref="PresetOptions.Window"/> + 1 frames
/// (every frame predicted once), not on stride-1 windows; <see cref="Loss"/> scores windows for the generic
/// <see cref="WindowTask"/>. Generation samples each key independently from σ(logit / temperature) (greedy: p &gt; 0.5)
/// and writes runs of sounding frames as notes at velocity 80.
/// Parameters (PyTorch, two LSTM biases): 232,000 + 321,600 + 17,688 = 571,288 at H = 200; Keras counts 569,688 (one bias per gate: 1,600 fewer).
/// </remarks>
public sealed class PianoRollLstmPreset : Preset
{
    /// <summary>Grid of MIDI songs: 0.125 s, a 16th note at 120 bpm.</summary>
    public const double StepSeconds = 0.125;

    /// <summary>Initial forget-gate bias of the LSTMs (see <see cref="PianoRollLstm"/>).</summary>
    public const float ForgetBias = 1f;

    const int K = PianoRollDataset.Keys;

    /// <inheritdoc/>
    public override string Id => "pianoroll-lstm";

    /// <inheritdoc/>
    public override string Citation => "beyond the seeds: polyphonic benchmark (Boulanger-Lewandowski et al. 2012 splits; LSTM of Bai, Kolter & Koltun 2018; SOURCES.md §6)";

    /// <inheritdoc/>
    public override string Unit => "frame";

    /// <inheritdoc/>
    public override string Representation => "88-key binary frames (MIDI 21–108), one per grid step; frame NLL";

    /// <inheritdoc/>
    /// <remarks>Bai et al.'s 2 × 200 and clip 1; batch 8, Adam 2e-3 and patience 10 were tuned on the JSB validation
    /// NLL (tests/MusicGen.Benchmarks/results/bench-nll-jsb.json).</remarks>
    public override PresetOptions DefaultOptions() => new()
    {
        HiddenSize = 200, HiddenSize2 = 200, Dropout = 0.2f, LearningRate = 2e-3,
        BatchSize = 8, Epochs = 100, Window = 64, Temperature = 1f, ValidFraction = 0.1,
        ClipGradNorm = 1.0, Patience = 10,
    };

    /// <inheritdoc/>
    public override PresetOptions TinyOptions() => new()
    {
        HiddenSize = 16, HiddenSize2 = 16, Dropout = 0.1f, LearningRate = 0.01, BatchSize = 4, Epochs = 3, Window = 16, ValidFraction = 0.2,
    };

    /// <inheritdoc/>
    public override int FeatureCount => K;

    /// <inheritdoc/>
    public override int InputSize => K;

    /// <inheritdoc/>
    public override EncodedCorpus Encode(IReadOnlyList<MidiSong> songs, IReadOnlyList<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(songs);
        var frames = new List<float[,]>(songs.Count);
        foreach (var song in songs)
        {
            var steps = PianoRollDataset.StepsFromSong(song, StepSeconds);
            // Pitches outside the 88 keys have no input: drop them (rare below A0 / above C8).
            frames.Add(PianoRollDataset.ToKeyFrames(steps.Select(s => s.Where(p => p is >= PianoRollDataset.LowestKey and < PianoRollDataset.LowestKey + K).ToArray()).ToList()));
        }
        return new EncodedCorpus(frames, K, null, names);
    }

    /// <summary>Whole chunks of <see cref="PresetOptions.Window"/> + 1 frames of each song (the last
    /// <see cref="PresetOptions.ValidFraction"/> of each validates), or, with <paramref name="valid"/>, the whole
    /// pieces of both splits (a benchmark's own split, e.g. JSB Chorales).</summary>
    public override ITrainingTask<SequenceModel> CreateTask(EncodedCorpus corpus, EncodedCorpus? valid)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        return valid is null
            ? PianoRollTask.FromCorpus(corpus.Songs, Options.Window, Options.ValidFraction)
            : new PianoRollTask(corpus.Songs, valid.Songs);
    }

    /// <summary>Bai et al.'s recipe as <c>musicgen bench nll</c> runs it: pieces of similar length batched together,
    /// the validation split in one pass (the exact pooled frame NLL), the rate halved after
    /// <see cref="DecayPatience"/> epochs without improvement.</summary>
    protected override TrainerOptions ConfigureTrainer(TrainerOptions options, ITrainingTask<SequenceModel> task) => options with
    {
        ValidBatchSize = Math.Max(1, task.ValidCount),
        BucketByLength = task is PianoRollTask p ? p.TrainLength : null,
        LrSchedule = Trainer.DecayOnPlateau(DecayPatience, 0.5, Options.LearningRate / 100),
    };

    /// <summary>Epochs without a better validation NLL before the learning rate is halved.</summary>
    public const int DecayPatience = 4;

    /// <summary>Piano-roll frames (one int[] of sounding MIDI pitches per step, e.g. a <see cref="PianoRollDataset"/>
    /// split) encoded as 88-key rows.</summary>
    public static EncodedCorpus Encode(IEnumerable<List<int[]>> pieces) => new(PianoRollTask.Frames(pieces), K);

    /// <inheritdoc/>
    public override void ScaleInput(ReadOnlySpan<float> raw, Span<float> input, bool generated) => raw.CopyTo(input);

    /// <inheritdoc/>
    protected override SequenceModel BuildModel() => new PianoRollLstm(Options.HiddenSize, numLayers: 2, Options.Dropout, ForgetBias);

    /// <summary>Starts the output bias at the training key frequencies: without it both this engine and PyTorch sit
    /// near the per-key baseline (≈ 11 nats on JSB) for 10–20 epochs (see <see cref="PianoRollLstm.InitOutputBias"/>).</summary>
    public override void InitializeFromData(SequenceModel model, EncodedCorpus corpus)
    {
        base.InitializeFromData(model, corpus);
        if (model is PianoRollLstm lstm) lstm.InitOutputBias(corpus.Songs);
    }

    /// <inheritdoc/>
    public override Optimizer CreateOptimizer(Module model) => new Adam(model.Parameters(), lr: Options.LearningRate);

    /// <inheritdoc/>
    public override long ParameterCount() => Count(keras: false);

    /// <inheritdoc/>
    public override long KerasParameterCount() => Count(keras: true);

    long Count(bool keras) =>
        ParameterCounts.Lstm(K, Options.HiddenSize, keras) + ParameterCounts.Lstm(Options.HiddenSize, Options.HiddenSize, keras) +
        ParameterCounts.Linear(Options.HiddenSize, K);

    /// <summary>Frame NLL of windows: rows 0 … W−1 in, rows 1 … W as targets; nats per predicted frame.</summary>
    public override Tensor Loss(SequenceModel model, WindowBatch batch)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batch);
        int b = batch.Batch, w = batch.Window;
        var x = Tensor.Zeros(b, w, K);
        var y = Tensor.Zeros(b, w, K);
        for (int i = 0; i < b; i++)
            for (int t = 0; t < w; t++)
            {
                batch.Row(i, t).CopyTo(x.Data.Slice((i * w + t) * K, K));
                batch.Row(i, t + 1).CopyTo(y.Data.Slice((i * w + t) * K, K));
            }
        var sum = F.BinaryCrossEntropyWithLogits(model.Forward(x), y, reduction: Reduction.Sum);
        return F.Mul(sum, 1f / (b * w));
    }

    /// <inheritdoc/>
    protected override float[] NextRow(ReadOnlySpan<float> output, Sampler sampler)
    {
        var row = new float[K];
        for (int k = 0; k < K; k++)
        {
            if (sampler.IsGreedy) { row[k] = output[k] > 0 ? 1 : 0; continue; }
            double p = 1 / (1 + Math.Exp(-output[k] / sampler.Temperature));
            row[k] = sampler.Generator.NextDouble() < p ? 1 : 0;
        }
        return row;
    }

    /// <inheritdoc/>
    public override MidiSong ToSong(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var piano = new Instrument(0, name: "Acoustic Grand Piano");
        for (int k = 0; k < K; k++)
        {
            int start = -1;
            for (int t = 0; t <= rows.Count; t++)
            {
                bool on = t < rows.Count && rows[t][k] > 0.5f;
                if (on && start < 0) start = t;
                else if (!on && start >= 0)
                {
                    piano.Notes.Add(new Note(PianoRollDataset.LowestKey + k, 80, start * StepSeconds, t * StepSeconds));
                    start = -1;
                }
            }
        }
        piano.Notes.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Pitch.CompareTo(b.Pitch));
        var song = new MidiSong();
        song.Instruments.Add(piano);
        return song;
    }
}
