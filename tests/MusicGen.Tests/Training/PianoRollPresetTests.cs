using MusicGen.Data;
using MusicGen.Models;
using MusicGen.Nn;

namespace MusicGen.Tests.Training;

/// <summary>The pianoroll-lstm preset through the registry: sizes, MIDI encoding, training, generation.</summary>
public class PianoRollPresetTests
{
    [Fact]
    public void Registry_has_pianoroll_lstm_with_Bai_et_al_sizes()
    {
        var p = Presets.Get("pianoroll-lstm");
        Assert.Equal(200, p.Options.HiddenSize);
        Assert.Equal(0.2f, p.Options.Dropout);
        Assert.Equal(571_288, p.ParameterCount());
        Assert.Equal(571_288 - 2 * 800, p.KerasParameterCount());
        Assert.Equal(571_288, p.CreateModel().ParameterCount());
        Assert.Equal(88, p.InputSize);
    }

    [Fact]
    public void Sample_songs_train_with_the_trainer_and_generate_reproducibly()
    {
        var p = Presets.Get("pianoroll-lstm");
        p.Options = p.TinyOptions();
        var corpus = p.Encode(SampleSongs.All().Select(s => s.Song).ToList());
        Assert.All(corpus.Songs, s => Assert.Equal(88, s.GetLength(1)));
        var task = p.CreateTask(corpus);
        Assert.True(task.TrainCount > 0 && task.ValidCount > 0);
        var model = p.CreateModel();
        var h = new Trainer(model, p.CreateOptimizer(model), new TrainerOptions { Epochs = 2, BatchSize = p.Options.BatchSize, MaxStepsPerEpoch = 4 }).Fit(task);
        Assert.All(h.TrainLoss, l => Assert.True(double.IsFinite(l) && l < 88 * Math.Log(2) + 10));
        var prompt = p.Prompt(corpus, 0);
        var a = p.GenerateRows(model, prompt, 12, p.CreateSampler(3));
        var b = p.GenerateRows(model, prompt, 12, p.CreateSampler(3));
        Assert.Equal(a, b);
        Assert.All(a, r => Assert.All(r, v => Assert.True(v is 0f or 1f)));
        // ToSong: a run of sounding frames is one note (held and repeated notes are not distinguished).
        var song = p.ToSong([[.. Enumerable.Repeat(1f, 88)], [.. Enumerable.Repeat(1f, 88)], new float[88]]);
        Assert.Equal(88, song.Instruments[0].Notes.Count);
        Assert.All(song.Instruments[0].Notes, n => Assert.Equal(2 * PianoRollLstmPreset.StepSeconds, n.Duration, 9));
    }

    [Fact]
    public void Data_initialisation_starts_the_untrained_model_near_the_per_key_frequencies()
    {
        var p = Presets.Get("pianoroll-lstm");
        p.Options = p.TinyOptions();
        var corpus = p.Encode(SampleSongs.All().Select(s => s.Song).ToList());
        var task = p.CreateTask(corpus);
        var all = Enumerable.Range(0, task.ValidCount).ToArray();
        double Loss(SequenceModel m) { m.Eval(); using (Torch.NoGrad()) return task.ValidLoss(m, all).Item(); }
        var plain = p.CreateModel();
        var initialised = p.CreateModel();
        p.InitializeFromData(initialised, corpus);
        // Most keys are almost never on: a bias at log(f/(1-f)) costs far less than p ≈ 0.5 (88 ln 2 ≈ 61 nats).
        Assert.True(Loss(initialised) < 0.5 * Loss(plain), $"{Loss(initialised)} vs {Loss(plain)}");
    }

    [Fact]
    public void Corpus_task_predicts_every_frame_once()
    {
        var song = TrainingFixtures.Pieces(9, 50)[0];
        var task = PianoRollTask.FromCorpus([song], window: 8, validFraction: 0.2);
        // 49 predicted frames: ⌊49 · 0.2⌋ = 9 for validation, 40 for training, in chunks of ≤ 8.
        Assert.Equal(9, task.ValidFrames);
        Assert.Equal(40, task.TrainFrames);
        Assert.Equal(5, task.TrainCount);
        Assert.Equal(2, task.ValidCount);
    }
}
