using MusicGen.Models;

namespace MusicGen.TorchSharp.Tests;

/// <summary>The TorchSharp trainer lowers the loss of every preset a little and its checkpoint loads in our engine.</summary>
public sealed class TrainerTests
{
    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void TrainsAndSavesACheckpointOurEngineLoads(string id)
    {
        var (preset, task) = Engines.Tiny(id);
        var ours = preset.CreateModel();
        var module = TorchPresets.FromModel(preset, ours);
        var trainer = new TorchTrainer(module, preset.CreateOptimizer(ours));
        var before = module.Loss(Engines.Batch(task, 16)).item<float>();
        trainer.Fit(task, epochs: 3, batchSize: 16, seed: 1, maxSteps: 10, maxValidBatches: 2);
        var after = module.Loss(Engines.Batch(task, 16)).item<float>();
        Assert.Equal(3, trainer.TrainLosses.Count);
        Assert.True(after < before, $"{id}: loss {before} → {after}");
        var path = Path.Combine(Path.GetTempPath(), $"musicgen-ts-{id}-{Environment.ProcessId}.safetensors");
        try
        {
            TorchCheckpoint.Save(path, module);
            var loaded = PresetCheckpoint.Load(path);
            using var _ = Nn.Torch.NoGrad();
            float oursLoss = preset.Loss(loaded.Model, Engines.Batch(task, 16)).Item();
            module.eval();
            using var __ = global::TorchSharp.torch.no_grad();
            float theirs = module.Loss(Engines.Batch(task, 16)).item<float>();
            Assert.True(Engines.Violation([oursLoss], [theirs]) <= 1, $"{id}: loaded loss {oursLoss} vs {theirs}");
        }
        finally { File.Delete(path); }
    }
}
