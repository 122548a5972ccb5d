using System.Collections;
using MusicGen.Models;
using MusicGen.Nn;
using MusicGen.Nn.Optim;

namespace MusicGen.Tests.Training;

/// <summary>The training loop: early stopping, checkpoints, resume, progress events, history display.</summary>
public class TrainerTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), "musicgen-trainer-" + Guid.NewGuid().ToString("N"));

    public TrainerTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static Linear TinyLinear()
    {
        using var _ = Torch.UseGenerator(new Generator(7));
        return new Linear(1, 1);
    }

    [Fact]
    public void Early_stopping_stops_after_patience_and_restores_the_best_weights()
    {
        var model = TinyLinear();
        var task = new ScriptedTask(5, 4, 3, 3.5, 3.2, 3.1, 1, 1);
        var trainer = new Trainer(model, new SGD(model.Parameters(), lr: 0.1), new TrainerOptions { Epochs = 8, BatchSize = 2, Patience = 3, ValidBatchSize = 1 });
        var weights = new List<float[]>();
        trainer.Progress += p => { if (p.Kind == TrainingProgressKind.EpochEnd) weights.Add(TrainingFixtures.Flat(model)); };
        var h = trainer.Fit(task);
        Assert.Equal(6, h.Epochs);              // epochs 4, 5, 6 (1-based) do not beat 3 → stop after the 6th
        Assert.True(h.StoppedEarly);
        Assert.Equal(2, h.BestEpoch);
        Assert.Equal(3, h.BestLoss);
        Assert.True(h.RestoredBest);
        Assert.Equal(weights[2], TrainingFixtures.Flat(model));
        Assert.NotEqual(weights[5], TrainingFixtures.Flat(model));
        Assert.True(model.Training);
    }

    [Fact]
    public void Min_delta_and_no_patience_track_the_best_but_run_all_epochs()
    {
        var model = TinyLinear();
        var trainer = new Trainer(model, new SGD(model.Parameters(), lr: 0.1),
            new TrainerOptions { Epochs = 4, BatchSize = 3, MinDelta = 0.5, RestoreBest = false });
        var h = trainer.Fit(new ScriptedTask(5, 4.7, 4.6, 4.4));
        Assert.Equal(4, h.Epochs);
        Assert.False(h.StoppedEarly);
        Assert.Equal(3, h.BestEpoch);           // 4.7 and 4.6 improve on 5 by less than 0.5; 4.4 does
        Assert.Equal(4.4, h.BestLoss, 6);
        Assert.False(h.RestoredBest);
    }

    [Fact]
    public void Checkpoint_is_complete_after_every_epoch_and_loads_into_a_fresh_model()
    {
        var path = Path.Combine(_dir, "sub", "run.safetensors");
        var task = TrainingFixtures.TinyTask();
        var model = TrainingFixtures.TinyModel(1);
        var opt = TrainingFixtures.Adam(model);
        var trainer = new Trainer(model, opt, new TrainerOptions
        {
            Epochs = 3, BatchSize = 3, CheckpointPath = path, RestoreBest = false,
            CheckpointMetadata = new Dictionary<string, string> { ["preset"] = "pianoroll-lstm" },
        });
        int checkedEpochs = 0;
        trainer.Progress += p =>
        {
            if (p.Kind != TrainingProgressKind.EpochEnd) return;
            // Written before the event: a complete file holding this epoch's weights, and no temp file left.
            var fresh = TrainingFixtures.TinyModel(99);
            var meta = Checkpoint.Load(path, fresh, TrainingFixtures.Adam(fresh));
            Assert.Equal(TrainingFixtures.Flat(model), TrainingFixtures.Flat(fresh));
            Assert.Equal((p.Epoch + 1).ToString(), meta["trainer.epoch"]);
            Assert.Equal("pianoroll-lstm", meta["preset"]);
            Assert.All(Directory.GetFiles(Path.GetDirectoryName(path)!), f => Assert.EndsWith(".safetensors", f, StringComparison.Ordinal));
            checkedEpochs++;
        };
        trainer.Fit(task);
        Assert.Equal(3, checkedEpochs);
        Assert.Equal(Trainer.BestPathFor(path), trainer.BestPath);
        Assert.True(File.Exists(trainer.BestPath));
        var best = TrainingFixtures.TinyModel(98);
        var bestMeta = Checkpoint.Load(trainer.BestPath!, best);   // a model-only checkpoint
        Assert.Equal(trainer.History.BestEpoch.ToString(), bestMeta["trainer.best_epoch"]);
        Assert.Equal(new[] { "run.best.safetensors", "run.safetensors" }, Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Resume_after_two_epochs_gives_the_same_parameters_as_four_epochs_straight()
    {
        var task = TrainingFixtures.TinyTask();
        TrainerOptions Options(string? path) => new()
        {
            Epochs = 4, BatchSize = 3, Seed = 11, ClipGradNorm = 1.0, Patience = 10, CheckpointPath = path,
            LrSchedule = (h, lr) => 0.02 / (1 + h.Epochs), BucketByLength = task.TrainLength,
        };
        var straight = TrainingFixtures.TinyModel(5);
        var h1 = new Trainer(straight, TrainingFixtures.Adam(straight), Options(null)).Fit(task);

        var path = Path.Combine(_dir, "resume.safetensors");
        var first = TrainingFixtures.TinyModel(5);
        new Trainer(first, TrainingFixtures.Adam(first), Options(path) with { Epochs = 2 }).Fit(task);

        var resumed = TrainingFixtures.TinyModel(6);  // different initial weights: all state must come from the file
        var trainer = new Trainer(resumed, TrainingFixtures.Adam(resumed, lr: 0.5), Options(path));
        trainer.Resume(path);
        Assert.Equal(2, trainer.History.Epochs);
        var h2 = trainer.Fit(task);

        Assert.Equal(4, h2.Epochs);
        Assert.Equal(TrainingFixtures.Flat(straight), TrainingFixtures.Flat(resumed));   // bitwise
        Assert.Equal(h1.TrainLoss, h2.TrainLoss);
        Assert.Equal(h1.ValidLoss, h2.ValidLoss);
        Assert.Equal(h1.Lr, h2.Lr);
        Assert.Equal(h1.BestEpoch, h2.BestEpoch);
    }

    [Fact]
    public void Resume_rejects_another_seed_and_files_that_are_not_trainer_checkpoints()
    {
        var task = TrainingFixtures.TinyTask();
        var path = Path.Combine(_dir, "a.safetensors");
        var m = TrainingFixtures.TinyModel(1);
        new Trainer(m, TrainingFixtures.Adam(m), new TrainerOptions { Epochs = 1, BatchSize = 4, CheckpointPath = path, Seed = 1 }).Fit(task);
        var other = new Trainer(m, TrainingFixtures.Adam(m), new TrainerOptions { Seed = 2 });
        Assert.Contains("seed 1", Assert.Throws<InvalidDataException>(() => other.Resume(path)).Message);
        var plain = Path.Combine(_dir, "plain.safetensors");
        Checkpoint.Save(plain, m);
        Assert.Contains("not a trainer checkpoint", Assert.Throws<InvalidDataException>(() => other.Resume(plain)).Message);
        Assert.Throws<FileNotFoundException>(() => other.Resume(Path.Combine(_dir, "missing.safetensors")));
    }

    [Fact]
    public void Progress_reports_every_step_then_the_epoch_end_in_order()
    {
        var task = TrainingFixtures.TinyTask();   // 8 pieces, batch 3 → 3 steps
        var m = TrainingFixtures.TinyModel(2);
        var trainer = new Trainer(m, TrainingFixtures.Adam(m), new TrainerOptions { Epochs = 2, BatchSize = 3 });
        var events = new List<TrainingProgress>();
        var epochsAtEvent = new List<int>();
        trainer.Progress += p => { events.Add(p); epochsAtEvent.Add(p.History.Epochs); };
        trainer.Fit(task);
        Assert.Equal(new[] { "B0.1", "B0.2", "B0.3", "E0.3", "B1.1", "B1.2", "B1.3", "E1.3" },
            events.Select(e => $"{(e.Kind == TrainingProgressKind.Batch ? 'B' : 'E')}{e.Epoch}.{e.Step}"));
        Assert.All(events, e => Assert.Equal(3, e.StepsPerEpoch));
        Assert.All(events.Where(e => e.Kind == TrainingProgressKind.Batch), e => Assert.True(e.SequencesPerSecond > 0 && e.ValidLoss is null));
        var end = events[3];
        Assert.NotNull(end.ValidLoss);
        Assert.True(end.IsBest);
        Assert.Equal(0, end.BestEpoch);
        Assert.Equal(new[] { 0, 0, 0, 1, 1, 1, 1, 2 }, epochsAtEvent);   // the epoch is in the history at its end event
        Assert.Equal(end.TrainLoss, trainer.History.TrainLoss[0]);
        Assert.Equal(events[2].TrainLoss, end.TrainLoss, 12);    // the epoch loss is the running mean at its last step
    }

    [Fact]
    public void Learning_rate_hook_runs_before_each_epoch_and_the_history_records_it()
    {
        var m = TrainingFixtures.TinyModel(3);
        var opt = TrainingFixtures.Adam(m, lr: 0.1);
        var h = new Trainer(m, opt, new TrainerOptions { Epochs = 3, BatchSize = 4, LrSchedule = (hist, lr) => lr / (hist.Epochs + 1) })
            .Fit(TrainingFixtures.TinyTask());
        Assert.Equal(new[] { 0.1, 0.05, 0.05 / 3 }, h.Lr);
        Assert.Equal(0.05 / 3, opt.Lr);
    }

    [Fact]
    public void Plateau_rules_are_functions_of_the_history()
    {
        // Best at epoch index 2; called before each epoch, the rule decays after every 2nd bad epoch in a row.
        var decay = Trainer.DecayOnPlateau(2);
        Assert.Equal(1.0, decay(HistoryOf(5, 4, 3, 3.5), 1.0));              // 1 bad epoch
        Assert.Equal(0.5, decay(HistoryOf(5, 4, 3, 3.5, 3.6), 1.0));         // 2
        Assert.Equal(0.5, decay(HistoryOf(5, 4, 3, 3.5, 3.6, 3.7), 0.5));    // 3
        Assert.Equal(0.25, decay(HistoryOf(5, 4, 3, 3.5, 3.6, 3.7, 3.8), 0.5)); // 4
        Assert.Equal(1.0, decay(HistoryOf(5, 4, 3, 2), 1.0));                 // improving
        // locuslab/TCN: after epoch 10, ÷10 when the last loss exceeds the max of the three before.
        var tcn = Trainer.PlateauDecay();
        Assert.Equal(1.0, tcn(HistoryOf(10, 9, 8, 7, 6, 5, 4, 3, 2, 1), 1.0));
        Assert.Equal(0.1, tcn(HistoryOf(10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1.1, 1.2, 1.3, 5), 1.0), 12);
        Assert.Equal(1.0, tcn(HistoryOf(10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1.1, 1.2, 1.3, 1.25), 1.0));
    }

    static TrainingHistory HistoryOf(params double[] valid)
    {
        var m = TinyLinear();
        return new Trainer(m, new SGD(m.Parameters(), lr: 0.01), new TrainerOptions { Epochs = valid.Length, BatchSize = 6, RestoreBest = false })
            .Fit(new ScriptedTask(valid));
    }

    [Fact]
    public void Bucketed_batches_visit_every_example_once_with_similar_lengths()
    {
        var lengths = Enumerable.Range(0, 40).Select(i => (i * 37) % 101 + 2).ToArray();
        var task = new PianoRollTask(TrainingFixtures.Pieces(4, lengths), []);
        var m = TrainingFixtures.TinyModel(4, dropout: 0);
        var seen = new List<int[]>();
        var recorder = new RecordingTask(task, seen);
        new Trainer(m, TrainingFixtures.Adam(m), new TrainerOptions { Epochs = 1, BatchSize = 5, BucketByLength = task.TrainLength, BucketPool = 8 }).Fit(recorder);
        Assert.Equal(Enumerable.Range(0, 40), seen.SelectMany(b => b).Order());
        // One pool of 40 sorted by length: each batch spans a fifth of the sorted lengths.
        Assert.All(seen, b => Assert.True(b.Max(i => lengths[i]) - b.Min(i => lengths[i]) <= 30));
        Assert.NotEqual(seen.OrderBy(b => lengths[b[0]]).Select(b => b[0]), seen.Select(b => b[0]));   // batch order shuffled
    }

    sealed class RecordingTask(PianoRollTask inner, List<int[]> seen) : ITrainingTask<Module<Tensor, Tensor>>
    {
        public int TrainCount => inner.TrainCount;
        public int ValidCount => inner.ValidCount;
        public Tensor TrainLoss(Module<Tensor, Tensor> model, ReadOnlySpan<int> indices) { seen.Add(indices.ToArray()); return inner.TrainLoss(model, indices); }
        public Tensor ValidLoss(Module<Tensor, Tensor> model, ReadOnlySpan<int> indices) => inner.ValidLoss(model, indices);
    }

    [Fact]
    public void Cancellation_stops_before_the_next_step()
    {
        var m = TrainingFixtures.TinyModel(8);
        var trainer = new Trainer(m, TrainingFixtures.Adam(m), new TrainerOptions { Epochs = 5, BatchSize = 2 });
        using var cts = new CancellationTokenSource();
        int steps = 0;
        trainer.Progress += p => { if (p.Kind == TrainingProgressKind.Batch && ++steps == 2) cts.Cancel(); };
        Assert.Throws<OperationCanceledException>(() => trainer.Fit(TrainingFixtures.TinyTask(), cts.Token));
        Assert.Equal(2, steps);
    }

    [Fact]
    public void Bad_options_fail_with_the_setting_named()
    {
        var m = TinyLinear();
        var opt = new SGD(m.Parameters(), lr: 0.1);
        Assert.Contains("BatchSize", Assert.Throws<ArgumentException>(() => new Trainer(m, opt, new TrainerOptions { BatchSize = 0 })).Message);
        Assert.Contains("Patience", Assert.Throws<ArgumentException>(() => new Trainer(m, opt, new TrainerOptions { Patience = 0 })).Message);
        Assert.Contains("ClipGradNorm", Assert.Throws<ArgumentException>(() => new Trainer(m, opt, new TrainerOptions { ClipGradNorm = -1 })).Message);
    }

    [Fact]
    public void History_displays_as_a_loss_curve_svg_with_a_table()
    {
        var h = HistoryOf(5, 4, 3, 3.5);
        var html = Display(h, "text/html");
        Assert.Contains("<svg", html);
        Assert.Contains("validation", html);
        Assert.Contains("best epoch (3)", html);
        Assert.Contains("<table", html);
        var text = Display(h, "text/plain");
        Assert.StartsWith("TrainingHistory(4 epochs", text);
        Assert.Contains("best valid 3 at epoch 3", text);
        Assert.Equal(2, h.ToFigure().Ax.Traces.Count(t => t is MusicGen.Plotting.LineTrace));
    }

    [Fact]
    public void An_empty_history_displays_too_so_a_notebook_can_show_it_before_training()
    {
        var h = new TrainingHistory();
        Assert.Equal("TrainingHistory(no epochs)", Display(h, "text/plain"));
        Assert.Contains("<svg", Display(h, "text/html"));
    }

    /// <summary>Formats like a front end: find the attribute by name, create the source, pick the MIME type.</summary>
    static string Display(object value, string mime)
    {
        var attr = value.GetType().GetCustomAttributes(inherit: true).Single(a => a.GetType().Name == "TypeFormatterSourceAttribute");
        var sourceType = (Type)attr.GetType().GetProperty("FormatterSourceType")!.GetValue(attr)!;
        Assert.Equal("text/plain", ((string[])attr.GetType().GetProperty("PreferredMimeTypes")!.GetValue(attr)!)[0]);
        foreach (var f in (IEnumerable)sourceType.GetMethod("CreateTypeFormatters")!.Invoke(Activator.CreateInstance(sourceType), null)!)
        {
            if ((string)f.GetType().GetProperty("MimeType")!.GetValue(f)! != mime) continue;
            var w = new StringWriter();
            Assert.True((bool)f.GetType().GetMethod("Format")!.Invoke(f, [value, w])!);
            return w.ToString();
        }
        throw new Xunit.Sdk.XunitException($"no {mime} formatter");
    }
}
