using System.Globalization;
using MusicGen.Models;
using Optimizer = MusicGen.Nn.Optim.Optimizer;

namespace MusicGen.TorchSharp;

/// <summary>
/// <c>musicgen train --engine torchsharp [--device cuda]</c>: starts the preset's TorchSharp module from our engine's
/// initialisation (the model passed in, seeded and data-initialised as our engine would), trains it on the
/// preset's windows with the TorchSharp twin of the preset's optimizer and writes a preset checkpoint that our engine
/// loads (<see cref="TorchCheckpoint.Save"/>). Bad input is an <see cref="ArgumentException"/> (the CLI prints it).
/// </summary>
public static class TorchTrainingRun
{
    /// <summary>Trains and saves; returns the trainer (losses per epoch) after writing <paramref name="outPath"/>.</summary>
    public static TorchTrainer Run(Preset preset, EncodedCorpus corpus, SequenceModel initial, Optimizer optimizer, float[,] prompt,
        string outPath, string device, int epochs, int batchSize, ulong seed, int? maxSteps, int? maxValidBatches, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(preset);
        ArgumentNullException.ThrowIfNull(log);
        var dev = TorchSharpRuntime.ParseDevice(device);
        var task = new WindowTask(preset, corpus);
        var module = TorchPresets.FromModel(preset, initial, dev);
        var trainer = new TorchTrainer(module, optimizer);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"engine torchsharp ({new Bench.TorchSharpTrainPeer().Description.Replace(", CPU", "")}) on {dev}: {task.TrainCount:N0} training / {task.ValidCount:N0} validation windows"));
        trainer.EpochEnd += (epoch, train, valid, seconds) => log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  epoch {epoch}/{epochs}: train loss {train:F4}, valid loss {(double.IsNaN(valid) ? "—" : valid.ToString("F4", CultureInfo.InvariantCulture))}, {seconds:F1} s"));
        trainer.Fit(task, epochs, batchSize, seed, maxSteps, maxValidBatches);
        TorchCheckpoint.Save(outPath, module, prompt, new Dictionary<string, string> { ["device"] = dev.ToString() });
        return trainer;
    }
}
