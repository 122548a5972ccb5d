using MusicGen.Midi;

namespace MusicGen.Models;

// The training recipe: one place for encode → task → model → InitializeFromData → optimizer → trainer options → fit,
// used by `musicgen train`, `musicgen notebooks prepare` and the notebooks alike.
public abstract partial class Preset
{
    /// <summary>
    /// Trains a network on <paramref name="songs"/> with this preset's recipe and <see cref="Options"/> (epochs, batch
    /// size, seed, limits): encode (<see cref="Encode"/>) → task (<see cref="CreateTask(EncodedCorpus)"/>) → model
    /// (<paramref name="model"/>, or <see cref="CreateModel"/>) → <see cref="InitializeFromData"/> → optimizer
    /// (<see cref="CreateOptimizer"/>) → <see cref="Trainer.Fit"/>. Any <see cref="SequenceModel"/> whose output the
    /// preset's loss can read trains here, e.g. a network written in a notebook cell.
    /// With <paramref name="useCache"/>, weights trained earlier by the same call (same preset, options, initial
    /// weights, data and trainer settings; see <see cref="WeightCache"/>) are loaded instead of training, and a fresh
    /// training stores its weights there.
    /// </summary>
    /// <param name="progress">Called after every batch and epoch (not when the weights come from the cache).</param>
    public TrainedPreset Train(IReadOnlyList<MidiSong> songs, SequenceModel? model = null, bool useCache = false, Action<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(songs);
        var names = songs.Select((s, i) => s.Name ?? $"song {i}").ToList();
        return Train(Encode(songs, names), null, model, useCache, progress);
    }

    /// <summary><see cref="Train(IReadOnlyList{MidiSong}, SequenceModel?, bool, Action{TrainingProgress}?)"/> on an
    /// encoded corpus, validating on <paramref name="valid"/> when given (a dataset's own split, e.g. JSB Chorales).</summary>
    public TrainedPreset Train(EncodedCorpus corpus, EncodedCorpus? valid = null, SequenceModel? model = null, bool useCache = false, Action<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        var task = CreateTask(corpus, valid);
        model ??= CreateModel();
        InitializeFromData(model, corpus);
        var trainer = CreateTrainer(model, task);
        var key = useCache ? WeightCache.Key(this, model, trainer.Options, corpus, valid) : null;
        TrainingHistory? history = null;
        bool cached = key is not null && WeightCache.TryLoad(key, model, out history);
        if (!cached)
        {
            if (progress is not null) trainer.Progress += progress;
            WeightCache.Observe(this, trainer);
            history = trainer.Fit(task);
            if (key is not null) WeightCache.Store(key, this, model, history);
        }
        model.Eval();
        return new TrainedPreset(this, model, LongestPrompt(corpus), PresetCheckpoint.Metadata(this))
        {
            History = history, Corpus = corpus, FromCache = cached,
        };
    }

    /// <summary>
    /// The recipe's trainer for <paramref name="model"/>: this preset's optimizer and <see cref="TrainerOptions"/> from
    /// <see cref="Options"/> (Epochs, BatchSize, Seed, MaxStepsPerEpoch, ClipGradNorm, Patience) plus the preset's own
    /// settings (<see cref="ConfigureTrainer"/>); <paramref name="adjust"/> may add run settings (checkpoint path, quick
    /// limits). Call <see cref="InitializeFromData"/> first.
    /// </summary>
    public Trainer CreateTrainer(SequenceModel model, ITrainingTask<SequenceModel> task, Func<TrainerOptions, TrainerOptions>? adjust = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(task);
        var o = Options;
        var options = ConfigureTrainer(new TrainerOptions
        {
            Epochs = o.Epochs,
            BatchSize = o.BatchSize,
            Seed = o.Seed,
            MaxStepsPerEpoch = o.MaxStepsPerEpoch > 0 ? o.MaxStepsPerEpoch : null,
            ClipGradNorm = o.ClipGradNorm > 0 ? o.ClipGradNorm : null,
            Patience = o.Patience > 0 ? o.Patience : null,
        }, task);
        if (adjust is not null) options = adjust(options);
        return new Trainer(model, CreateOptimizer(model), options);
    }

    /// <summary>Preset-specific trainer settings on top of the options (e.g. bucketing, a learning-rate schedule). Default: none.</summary>
    protected virtual TrainerOptions ConfigureTrainer(TrainerOptions options, ITrainingTask<SequenceModel> task) => options;

    /// <summary>A full window of the longest song: the prompt a training run keeps (and <c>musicgen train</c> saves).</summary>
    public float[,] LongestPrompt(EncodedCorpus corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        if (corpus.Songs.Count == 0) throw new ArgumentException($"{Id}: the corpus has no songs", nameof(corpus));
        int best = 0;
        for (int i = 1; i < corpus.Songs.Count; i++) if (corpus.Songs[i].GetLength(0) > corpus.Songs[best].GetLength(0)) best = i;
        return Prompt(corpus, best);
    }
}
