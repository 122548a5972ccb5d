using System.Diagnostics;
using MusicGen.Data;
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
    /// <summary>Loads the dataset, trains, evaluates. <paramref name="progress"/> receives the trainer's events.</summary>
    public static PianoRollNllResult Run(PianoRollNllSettings settings, Action<TrainingProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var clock = Stopwatch.StartNew();
        var data = PianoRollDataset.Open(settings.Dataset, settings.DataPath);
        var train = PianoRollTask.Frames(data.Train);
        var valid = PianoRollTask.Frames(data.Valid);
        var test = PianoRollTask.Frames(data.Test);
        var task = new PianoRollTask(train, valid) { TransposeRange = settings.TransposeRange };
        PianoRollLstm model;
        using (Torch.UseGenerator(new Generator(settings.Seed)))
            model = new PianoRollLstm(settings.HiddenSize, settings.NumLayers, settings.Dropout, settings.ForgetBias);
        if (settings.InitOutputBias) model.InitOutputBias(train);
        var optimizer = new Adam(model.Parameters(), lr: settings.LearningRate, weightDecay: settings.WeightDecay);
        var trainer = new Trainer(model, optimizer, new TrainerOptions
        {
            Epochs = settings.Epochs,
            BatchSize = settings.BatchSize,
            // The whole validation split in one pass when it is small: the monitored loss is then the exact pooled
            // NLL; long-piece sets validate in batches (batch means weighted by piece count).
            ValidBatchSize = task.ValidFrames <= 20_000 ? Math.Max(1, task.ValidCount) : 16,
            Seed = settings.Seed,
            ClipGradNorm = settings.ClipGradNorm,
            Patience = settings.Patience,
            RestoreBest = true,
            MaxStepsPerEpoch = settings.MaxStepsPerEpoch,
            BucketByLength = task.TrainLength,
            TimeLimit = settings.Minutes is { } m ? TimeSpan.FromMinutes(m) - clock.Elapsed : null,
            LrSchedule = settings.DecayFactor is { } f ? Trainer.DecayOnPlateau(settings.DecayPatience, f, settings.LearningRate / 100) : null,
        });
        if (progress is not null) trainer.Progress += progress;
        var history = trainer.Fit(task, ct);
        double validNll = PianoRollTask.Nll(model, valid);
        double testNll = PianoRollTask.Nll(model, test);
        double trainNll = PianoRollTask.Nll(model, train);
        return new PianoRollNllResult
        {
            Dataset = data.Name,
            ValidNll = validNll,
            TestNll = testNll,
            TrainNll = trainNll,
            Epochs = history.Epochs,
            BestEpoch = history.BestEpoch + 1,
            Seconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
            Parameters = model.ParameterCount(),
            Stopped = history.StoppedEarly ? "early stopping" : history.TimedOut ? "time limit" : "epochs",
            Pieces = [data.Train.Count, data.Valid.Count, data.Test.Count],
            Frames = [data.Train.Sum(p => (long)p.Count), data.Valid.Sum(p => (long)p.Count), data.Test.Sum(p => (long)p.Count)],
            Settings = settings,
            ValidHistory = history.ValidLoss.Select(v => Math.Round(v, 4)).ToArray(),
            LrHistory = history.Lr.ToArray(),
            Threads = Environment.ProcessorCount,
            LoadAverage = ReadLoadAverage(),
        };
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
