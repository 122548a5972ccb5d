using System.Diagnostics;
using System.Globalization;
using MusicGen.Nn;
using MusicGen.Nn.Optim;

namespace MusicGen.Models;

/// <summary>
/// The training loop shared by every preset (Keras' <c>model.fit</c>, written out as a PyTorch loop): per epoch
/// it shuffles the task's training examples, takes optimizer steps on batches (ZeroGrad → loss → Backward →
/// clip → Step), validates under <see cref="Torch.NoGrad"/> with the model in evaluation mode, tracks the best
/// epoch, stops early, checkpoints, and reports progress. What an example is and how its loss is computed is the
/// <see cref="ITrainingTask{TModel}"/>'s business.
/// </summary>
/// <remarks>
/// Reproducibility: epoch e shuffles with a generator seeded from (<see cref="TrainerOptions.Seed"/>, e) and draws
/// dropout masks from another one (it is the thread's default generator during the epoch's steps), so the random
/// state at an epoch boundary is a function of the seed and the epoch number. Together with the model and optimizer
/// state and the history in the checkpoint, <see cref="Resume"/> followed by <see cref="Fit"/> repeats exactly what
/// the uninterrupted run does.
/// </remarks>
public sealed class Trainer
{
    const string MetaPrefix = "trainer.";
    Dictionary<string, float[]>? _best;   // the best epoch's state dict (parameters and buffers), for RestoreBest

    /// <param name="model">The module the task's losses run through; it is switched between Train() and Eval().</param>
    /// <param name="optimizer">Updates the model's parameters; its state is checkpointed with them.</param>
    /// <param name="options">Epochs, batch size, early stopping, checkpoints (validated here).</param>
    public Trainer(Module model, Optimizer optimizer, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        (Model, Optimizer, Options) = (model, optimizer, options);
    }

    public Module Model { get; }

    public Optimizer Optimizer { get; }

    public TrainerOptions Options { get; }

    /// <summary>The epochs finished so far (restored by <see cref="Resume"/>); <see cref="Fit"/> continues from here.</summary>
    public TrainingHistory History { get; private set; } = new();

    /// <summary>Raised on the training thread after every optimizer step and at the end of every epoch.</summary>
    public event Action<TrainingProgress>? Progress;

    /// <summary>Where the best epoch's weights are written next to <see cref="TrainerOptions.CheckpointPath"/>
    /// ("run.safetensors" → "run.best.safetensors"); a model-only checkpoint with the same metadata.</summary>
    public string? BestPath => Options.CheckpointPath is { } p ? BestPathFor(p) : null;

    /// <summary>The best-weights file that belongs to checkpoint <paramref name="checkpointPath"/>.</summary>
    public static string BestPathFor(string checkpointPath) =>
        checkpointPath.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)
            ? checkpointPath[..^".safetensors".Length] + ".best.safetensors"
            : checkpointPath + ".best";

    /// <summary>
    /// Trains until <see cref="TrainerOptions.Epochs"/> epochs are done or early stopping fires, then (with
    /// <see cref="TrainerOptions.RestoreBest"/>) loads the best epoch's weights. Continues from <see cref="History"/>,
    /// so calling it after <see cref="Resume"/> finishes an interrupted run. Cancellation is checked before every
    /// step; the last epoch-end checkpoint stays valid.
    /// </summary>
    /// <exception cref="ArgumentException">The task has no training examples, or its losses need another kind of
    /// network than <see cref="Model"/>.</exception>
    public TrainingHistory Fit<TModel>(ITrainingTask<TModel> task, CancellationToken ct = default) where TModel : Module
    {
        ArgumentNullException.ThrowIfNull(task);
        var model = ModelFor(task);
        if (task.TrainCount < 1) throw new ArgumentException("the task has no training examples", nameof(task));
        var stopper = EarlyStopping.Replay(History, Options.Patience, Options.MinDelta);
        bool hasValid = task.ValidCount > 0;
        var total = Stopwatch.StartNew();
        History.TimedOut = false;
        while (History.Epochs < Options.Epochs && !History.StoppedEarly)
        {
            if (Options.TimeLimit is { } limit && History.Epochs > 0 && total.Elapsed.TotalSeconds > 0 &&
                total.Elapsed.TotalSeconds + History.Seconds[^1] > limit.TotalSeconds)
            {
                History.TimedOut = true;
                break;
            }
            int epoch = History.Epochs;
            if (Options.LrSchedule is { } schedule) Optimizer.Lr = schedule(History, Optimizer.Lr);
            double lr = Optimizer.Lr;
            var clock = Stopwatch.StartNew();
            var (trainLoss, steps) = TrainEpoch(task, model, epoch, lr, clock, ct);
            double validLoss = hasValid ? Validate(task) : double.NaN;
            bool improved = stopper.Update(hasValid ? validLoss : trainLoss);
            if (improved && Options.RestoreBest) _best = Snapshot();
            bool stop = stopper.ShouldStop && epoch + 1 < Options.Epochs;
            History.Add(trainLoss, validLoss, lr, steps, clock.Elapsed.TotalSeconds, hasValid, stopper.BestEpoch, stopper.BestLoss);
            History.StoppedEarly = stop;
            if (Options.CheckpointPath is { } path) WriteCheckpoint(path, improved);
            Progress?.Invoke(new TrainingProgress
            {
                Kind = TrainingProgressKind.EpochEnd, Epoch = epoch, Epochs = Options.Epochs, Step = steps, StepsPerEpoch = steps,
                Loss = trainLoss, TrainLoss = trainLoss, ValidLoss = hasValid ? validLoss : null, Lr = lr,
                SequencesPerSecond = double.NaN, BestLoss = stopper.BestLoss, BestEpoch = stopper.BestEpoch, IsBest = improved,
                StopsEarly = stop, EpochSeconds = clock.Elapsed.TotalSeconds, History = History,
            });
        }
        if (Options.RestoreBest && !History.RestoredBest && _best is not null && History.BestEpoch >= 0 && History.BestEpoch != History.Epochs - 1)
        {
            Model.LoadStateDict(_best.ToDictionary(kv => kv.Key, kv => Tensor.FromArray(kv.Value, Model.StateDict()[kv.Key].Shape)));
            History.RestoredBest = true;
        }
        return History;
    }

    /// <summary><see cref="Model"/> as the network <paramref name="task"/> trains (checked once, before any step).</summary>
    TModel ModelFor<TModel>(ITrainingTask<TModel> task) where TModel : Module => Model as TModel
        ?? throw new ArgumentException($"{task.GetType().Name} trains a {typeof(TModel).Name}; the trainer's model is a {Model.GetType().Name}", nameof(task));

    (double Loss, int Steps) TrainEpoch<TModel>(ITrainingTask<TModel> task, TModel model, int epoch, double lr, Stopwatch clock, CancellationToken ct) where TModel : Module
    {
        var batches = Batches(task.TrainCount, epoch);
        int steps = batches.Count;
        if (Options.MaxStepsPerEpoch is { } cap) steps = Math.Min(steps, cap);
        double sum = 0;
        long seen = 0;
        Model.Train();
        using var dropout = Torch.UseGenerator(new Generator(DeriveSeed(Options.Seed, epoch, stream: 1)));
        for (int s = 0; s < steps; s++)
        {
            ct.ThrowIfCancellationRequested();
            Runtime.Interruption.ThrowIfRequested(); // a notebook's Interrupt, without a token
            int len = batches[s].Length;
            Optimizer.ZeroGrad();
            var loss = task.TrainLoss(model, batches[s]);
            double value = loss.Item();
            if (!double.IsFinite(value))
                throw new InvalidOperationException($"training loss is {value} at epoch {epoch + 1}, step {s + 1}; lower the learning rate or clip gradients (ClipGradNorm).");
            loss.Backward();
            if (Options.ClipGradNorm is { } maxNorm) Utils.ClipGradNorm(Optimizer.Parameters, maxNorm);
            Optimizer.Step();
            sum += value * len;
            seen += len;
            Progress?.Invoke(new TrainingProgress
            {
                Kind = TrainingProgressKind.Batch, Epoch = epoch, Epochs = Options.Epochs, Step = s + 1, StepsPerEpoch = steps,
                Loss = value, TrainLoss = sum / seen, Lr = lr, SequencesPerSecond = seen / Math.Max(clock.Elapsed.TotalSeconds, 1e-9),
                BestLoss = History.BestLoss, BestEpoch = History.BestEpoch, EpochSeconds = clock.Elapsed.TotalSeconds, History = History,
            });
        }
        return (sum / seen, steps);
    }

    /// <summary>The epoch's batches of training indices: shuffled with the epoch's own generator (see remarks:
    /// resumable without saving generator state), optionally bucketed by length.</summary>
    List<int[]> Batches(int n, int epoch)
    {
        int b = Options.BatchSize;
        var order = Enumerable.Range(0, n).ToArray();
        var g = new Generator(DeriveSeed(Options.Seed, epoch, stream: 0));
        if (Options.ShuffleEachEpoch) Shuffle(order, g);
        if (Options.BucketByLength is { } length)
        {
            // Sort pools of BucketPool batches by length (stable, so ties keep the shuffled order).
            int pool = b * Options.BucketPool;
            for (int start = 0; start < n; start += pool)
            {
                int len = Math.Min(pool, n - start);
                var keys = order.AsSpan(start, len).ToArray().Select(i => length(i)).ToArray();
                var slice = order.AsSpan(start, len).ToArray();
                var sorted = Enumerable.Range(0, len).OrderBy(i => keys[i]).Select(i => slice[i]).ToArray();
                sorted.CopyTo(order, start);
            }
        }
        var batches = new List<int[]>((n + b - 1) / b);
        for (int start = 0; start < n; start += b) batches.Add(order[start..Math.Min(n, start + b)]);
        if (Options.BucketByLength is not null && Options.ShuffleEachEpoch) Shuffle(batches, g);
        return batches;
    }

    static void Shuffle<T>(IList<T> items, Generator g)
    {
        // Fisher–Yates.
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = g.NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>
    /// The validation loss now: the task's <see cref="ITrainingTask{TModel}.ValidLoss"/> over batches of
    /// <see cref="TrainerOptions.ValidBatchSize"/> in index order, weighted by batch size, with the model in
    /// evaluation mode under <see cref="Torch.NoGrad"/>; the model is back in training mode afterwards.
    /// NaN when the task has no validation split.
    /// </summary>
    public double Validate<TModel>(ITrainingTask<TModel> task) where TModel : Module
    {
        ArgumentNullException.ThrowIfNull(task);
        var model = ModelFor(task);
        int n = task.ValidCount, b = Options.ValidBatchSize ?? Options.BatchSize;
        if (n == 0) return double.NaN;
        var all = Enumerable.Range(0, n).ToArray();
        int batches = (n + b - 1) / b;
        if (Options.MaxValidBatches is { } cap) batches = Math.Min(batches, cap);
        double sum = 0;
        long seen = 0;
        Model.Eval();
        try
        {
            using var noGrad = Torch.NoGrad();
            for (int i = 0; i < batches; i++)
            {
                Runtime.Interruption.ThrowIfRequested();
                int start = i * b, len = Math.Min(b, n - start);
                sum += (double)task.ValidLoss(model, all.AsSpan(start, len)).Item() * len;
                seen += len;
            }
        }
        finally
        {
            Model.Train();
        }
        return sum / seen;
    }

    /// <summary>
    /// Loads a checkpoint written by this trainer (<see cref="TrainerOptions.CheckpointPath"/>): model weights,
    /// optimizer state and learning rate, the history (hence early-stopping state and best epoch) and the best
    /// weights from <see cref="BestPathFor"/>. The next <see cref="Fit"/> continues with the following epoch.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a trainer checkpoint, belongs to another model, or
    /// was trained with a different seed.</exception>
    public void Resume(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such checkpoint.", path);
        var meta = Checkpoint.Load(path, Model, Optimizer);
        if (!meta.TryGetValue(MetaPrefix + "history", out var json))
            throw new InvalidDataException($"{path}: not a trainer checkpoint (no \"{MetaPrefix}history\" metadata).");
        var seed = ulong.Parse(meta[MetaPrefix + "seed"], CultureInfo.InvariantCulture);
        if (seed != Options.Seed)
            throw new InvalidDataException($"{path}: trained with seed {seed}, these options have seed {Options.Seed}; a resumed run must use the same seed.");
        try { History = TrainingHistory.FromJson(json); }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            throw new InvalidDataException($"{path}: unreadable trainer history: {e.Message}", e);
        }
        // The optimizer stores lr as float32; the exact double keeps a resumed run bit-identical.
        Optimizer.Lr = double.Parse(meta[MetaPrefix + "lr"], CultureInfo.InvariantCulture);
        _best = null;
        if (History.BestEpoch == History.Epochs - 1) _best = Snapshot();
        else if (BestPathFor(path) is var bp && File.Exists(bp))
        {
            var (tensors, bestMeta) = Safetensors.Read(bp);
            // Only the file written for this history's best epoch (a crash between the two writes leaves a newer one).
            if (bestMeta.TryGetValue(MetaPrefix + "best_epoch", out var be) && int.Parse(be, CultureInfo.InvariantCulture) == History.BestEpoch)
                _best = Model.StateDict().Keys.ToDictionary(k => k, k => tensors.TryGetValue(k, out var t) ? t.ToArray()
                    : throw new InvalidDataException($"{bp}: no entry \"{k}\"; the best-weights file belongs to another model."));
        }
    }

    void WriteCheckpoint(string path, bool improved)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var meta = new Dictionary<string, string>(Options.CheckpointMetadata ?? new Dictionary<string, string>())
        {
            [MetaPrefix + "epoch"] = History.Epochs.ToString(CultureInfo.InvariantCulture),
            [MetaPrefix + "seed"] = Options.Seed.ToString(CultureInfo.InvariantCulture),
            [MetaPrefix + "lr"] = Optimizer.Lr.ToString("R", CultureInfo.InvariantCulture),
            [MetaPrefix + "history"] = History.ToJson(),
        };
        // Best weights first: if the process dies between the two writes, Resume sees a best file newer than the
        // history and ignores it (the re-run epoch rewrites it).
        if (improved)
        {
            var bestMeta = new Dictionary<string, string>(meta) { [MetaPrefix + "best_epoch"] = History.BestEpoch.ToString(CultureInfo.InvariantCulture) };
            bestMeta.Remove(MetaPrefix + "history");
            Checkpoint.Save(BestPathFor(full), Model, null, bestMeta);
        }
        Checkpoint.Save(full, Model, Optimizer, meta);
    }

    Dictionary<string, float[]> Snapshot() => Model.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());

    /// <summary>Seed of generator <paramref name="stream"/> (0 shuffle, 1 dropout) in <paramref name="epoch"/>;
    /// <see cref="Generator"/> mixes it through SplitMix64, so neighbouring values give unrelated streams.</summary>
    static ulong DeriveSeed(ulong seed, int epoch, int stream) =>
        seed * 0x9E3779B97F4A7C15UL + (ulong)epoch * 0xD1B54A32D192ED03UL + (ulong)stream * 0x8CB92BA72F3D8DD7UL + 1;

    /// <summary>
    /// locuslab/TCN's schedule (<c>poly_music/music_test.py</c>, SOURCES.md §6.3): after epoch
    /// <paramref name="afterEpoch"/>, multiply the rate by <paramref name="factor"/> whenever the last validation
    /// loss is above the maximum of the <paramref name="window"/> before it. For <see cref="TrainerOptions.LrSchedule"/>.
    /// </summary>
    public static Func<TrainingHistory, double, double> PlateauDecay(int afterEpoch = 10, int window = 3, double factor = 0.1)
    {
        if (window < 1) throw new ArgumentOutOfRangeException(nameof(window));
        return (h, lr) =>
        {
            int n = h.Epochs;
            if (n <= afterEpoch || n <= window) return lr;
            double last = h.MonitoredLoss(n - 1), max = double.NegativeInfinity;
            for (int e = n - 1 - window; e < n - 1; e++) max = Math.Max(max, h.MonitoredLoss(e));
            return last > max ? lr * factor : lr;
        };
    }

    /// <summary>
    /// Plateau decay as a function of the history (so resumed runs stay identical; PyTorch's
    /// <c>ReduceLROnPlateau</c> keeps hidden counters instead): multiply the rate by <paramref name="factor"/> every
    /// <paramref name="patience"/> epochs without a new best monitored loss, not below <paramref name="minLr"/>.
    /// For <see cref="TrainerOptions.LrSchedule"/>.
    /// </summary>
    public static Func<TrainingHistory, double, double> DecayOnPlateau(int patience, double factor = 0.5, double minLr = 0)
    {
        if (patience < 1) throw new ArgumentOutOfRangeException(nameof(patience), $"patience must be ≥ 1, got {patience}");
        if (!(factor is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(factor), $"factor must be in (0, 1), got {factor}");
        return (h, lr) =>
        {
            int since = h.Epochs - 1 - h.BestEpoch;
            return h.Epochs > 0 && h.BestEpoch >= 0 && since > 0 && since % patience == 0 ? Math.Max(lr * factor, minLr) : lr;
        };
    }
}
