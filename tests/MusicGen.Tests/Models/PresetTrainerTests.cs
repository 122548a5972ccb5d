using MusicGen.Data;
using MusicGen.Models;

namespace MusicGen.Tests.Models;

/// <summary>The notebook recipe: preset + Trainer + generation, and Trainer checkpoints that PresetCheckpoint reads.</summary>
public class PresetTrainerTests
{
    [Fact]
    public void Notebook_recipe_trains_with_the_Trainer_and_generates_from_its_checkpoint()
    {
        var songs = SampleSongs.All().Select(s => s.Song).ToList();
        var preset = Presets.Get("melody-resnet-lstm").UseTiny();
        var corpus = preset.Encode(songs);
        var task = preset.CreateTask(corpus);
        var model = preset.CreateModel();
        var path = Path.Combine(Path.GetTempPath(), $"musicgen-recipe-{Guid.NewGuid():N}.safetensors");
        var prompt = preset.Prompt(corpus);
        try
        {
            var trainer = new Trainer(model, preset.CreateOptimizer(model), new TrainerOptions
            {
                Epochs = 3, BatchSize = preset.Options.BatchSize, MaxStepsPerEpoch = 10,
                CheckpointPath = path, CheckpointMetadata = PresetCheckpoint.Metadata(preset, prompt),
            });
            var history = trainer.Fit(task);
            Assert.Equal(3, history.Epochs);
            Assert.True(history.TrainLoss[^1] < history.TrainLoss[0], string.Join(", ", history.TrainLoss));

            var song = preset.Generate(model, prompt, 40, preset.CreateSampler(seed: 1));
            Assert.Equal(40, song.ToMidiSong().GetAllNotes().Count);

            // The Trainer's own epoch checkpoint carries the preset metadata, so generate can use it.
            var loaded = PresetCheckpoint.Load(path);
            Assert.Equal("melody-resnet-lstm", loaded.Preset.Id);
            Assert.Equal(40, loaded.Generate(40, new Sampler(seed: 1)).ToMidiSong().GetAllNotes().Count);
        }
        finally
        {
            File.Delete(path);
            File.Delete(Trainer.BestPathFor(path));
        }
    }
}
