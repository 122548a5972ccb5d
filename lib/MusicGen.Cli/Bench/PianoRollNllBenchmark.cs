using System.Diagnostics;
using MusicGen.Data;
using MusicGen.Evaluation;
using MusicGen.Nn;
using MusicGen.Nn.Optim;

using MusicGen.Models;

namespace MusicGen.Cli.Bench;

/// <summary>
/// <c>musicgen bench nll</c>: trains <see cref="PianoRollLstm"/> on a polyphonic benchmark (JSB Chorales,
/// Nottingham, Piano-midi.de in the Boulanger-Lewandowski 2012 split) with early stopping on the validation NLL
/// and reports the frame NLL of SOURCES.md §6.1 on valid and test, computed in double precision by
/// <see cref="Evaluation.FrameNll.FromLogits"/> from the best-validation weights. Bai, Kolter &amp; Koltun 2018
/// report test NLL 8.45 for their LSTM on JSB (§6.3).
/// </summary>
internal static class PianoRollNllBenchmark
{
    /// <summary>Loads the dataset, trains <see cref="PianoRollNllSettings.Ensemble"/> networks (seeds Seed, Seed + 1, …),
    /// evaluates each and their equal-weight mixture (<see cref="FrameNll.FromEnsembleLogits"/>). With one member the
    /// result is that network's NLL. <paramref name="progress"/> receives the trainers' events.</summary>
    public static PianoRollNllResult Run(PianoRollNllSettings settings, Action<TrainingProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var clock = Stopwatch.StartNew();
        var data = PianoRollDataset.Open(settings.Dataset, settings.DataPath);
        var train = PianoRollTask.Frames(data.Train);
        var valid = PianoRollTask.Frames(data.Valid);
        var test = PianoRollTask.Frames(data.Test);
        int m = settings.Ensemble;
        var logits = (Train: new List<float[,]>[m], Valid: new List<float[,]>[m], Test: new List<float[,]>[m]);
        var members = new PianoRollNllMember[m];
        // Every (network, test-time shift) pair is one component of the scored mixture; without --test-transpose, the networks.
        var mixture = (Valid: new List<IReadOnlyList<float[,]>>(), Test: new List<IReadOnlyList<float[,]>>());
        TrainingHistory? first = null;
        long parameters = 0;
        for (int i = 0; i < m; i++)
        {
            // The time budget is shared: each member may use an equal part of what is left.
            TimeSpan? budget = settings.Minutes is { } minutes ? (TimeSpan.FromMinutes(minutes) - clock.Elapsed) / (m - i) : null;
            var seed = settings.Seed + (ulong)i;
            var (model, history) = TrainOne(settings, seed, train, valid, budget, progress, ct);
            first ??= history;
            parameters = model.ParameterCount();
            logits.Train[i] = PianoRollTask.Logits(model, train);
            var validShifts = TransposedScoring.Logits(model, valid, settings.TestTranspose);
            var testShifts = TransposedScoring.Logits(model, test, settings.TestTranspose);
            logits.Valid[i] = validShifts[0];
            logits.Test[i] = testShifts[0];
            mixture.Valid.AddRange(validShifts);
            mixture.Test.AddRange(testShifts);
            members[i] = new PianoRollNllMember
            {
                Seed = seed,
                ValidNll = FrameNll.FromLogits(logits.Valid[i], valid),
                TestNll = FrameNll.FromLogits(logits.Test[i], test),
                Epochs = history.Epochs,
                BestEpoch = history.BestEpoch + 1,
                Stopped = Stopped(history),
            };
        }
        return new PianoRollNllResult
        {
            Dataset = data.Name,
            ValidNll = FrameNll.FromEnsembleLogits(mixture.Valid, valid),
            TestNll = FrameNll.FromEnsembleLogits(mixture.Test, test),
            ValidNllUntransposed = settings.TestTranspose > 0 ? FrameNll.FromEnsembleLogits(logits.Valid, valid) : null,
            TestNllUntransposed = settings.TestTranspose > 0 ? FrameNll.FromEnsembleLogits(logits.Test, test) : null,
            TrainNll = FrameNll.FromEnsembleLogits(logits.Train, train),
            Epochs = first!.Epochs,
            BestEpoch = first.BestEpoch + 1,
            Seconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
            Parameters = parameters * m,
            Stopped = Stopped(first),
            Pieces = [data.Train.Count, data.Valid.Count, data.Test.Count],
            Frames = [data.Train.Sum(p => (long)p.Count), data.Valid.Sum(p => (long)p.Count), data.Test.Sum(p => (long)p.Count)],
            Settings = settings,
            ValidHistory = first.ValidLoss.Select(v => Math.Round(v, 4)).ToArray(),
            LrHistory = first.Lr.ToArray(),
            Members = m > 1 ? members : null,
            Threads = Environment.ProcessorCount,
            LoadAverage = ReadLoadAverage(),
        };
    }

    static string Stopped(TrainingHistory h) => h.StoppedEarly ? "early stopping" : h.TimedOut ? "time limit" : "epochs";

    /// <summary>One network: built from <paramref name="seed"/>, trained with early stopping on the validation NLL, the
    /// best epoch's weights restored.</summary>
    static (PianoRollLstm Model, TrainingHistory History) TrainOne(PianoRollNllSettings settings, ulong seed, List<float[,]> train, List<float[,]> valid,
        TimeSpan? budget, Action<TrainingProgress>? progress, CancellationToken ct)
    {
        var task = new PianoRollTask(train, valid) { TransposeRange = settings.TransposeRange };
        PianoRollLstm model;
        using (Torch.UseGenerator(new Generator(seed)))
            model = new PianoRollLstm(settings.HiddenSize, settings.NumLayers, settings.Dropout, settings.ForgetBias, settings.InputDropout);
        if (settings.InitOutputBias) model.InitOutputBias(train);
        var optimizer = new Adam(model.Parameters(), lr: settings.LearningRate, weightDecay: settings.WeightDecay);
        var trainer = new Trainer(model, optimizer, new TrainerOptions
        {
            Epochs = settings.Epochs,
            BatchSize = settings.BatchSize,
            // The whole validation split in one pass when it is small: the monitored loss is then the exact pooled
            // NLL; long-piece sets validate in batches (batch means weighted by piece count).
            ValidBatchSize = task.ValidFrames <= 20_000 ? Math.Max(1, task.ValidCount) : 16,
            Seed = seed,
            ClipGradNorm = settings.ClipGradNorm,
            Patience = settings.Patience,
            RestoreBest = true,
            MaxStepsPerEpoch = settings.MaxStepsPerEpoch,
            BucketByLength = task.TrainLength,
            TimeLimit = budget,
            LrSchedule = settings.DecayFactor is { } f ? Trainer.DecayOnPlateau(settings.DecayPatience, f, settings.LearningRate / 100) : null,
        });
        if (progress is not null) trainer.Progress += progress;
        var history = trainer.Fit(task, ct);
        return (model, history);
    }

    /// <summary>The 1-minute load average (Linux /proc/loadavg), or null elsewhere: other processes share the CPU.</summary>
    public static double? ReadLoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { return null; }
    }
}
