using MusicGen.Data;
using MusicGen.Formatting;
using MusicGen.Midi;
using MusicGen.Models;
using MusicGen.Nn;
using MusicGen.Representations;

namespace MusicGen.Tests.Models;

/// <summary>The notebook API: public preset networks, the training recipe with any SequenceModel, the weight cache,
/// the generation result, the dataset-or-sample call and the music types' display.</summary>
public class NotebookApiTests
{
    static List<MidiSong> Sample() => SampleSongs.All().Select(s => { s.Song.Name = s.Name; return s.Song; }).ToList();

    [Theory]
    [InlineData("melody-lstm")]
    [InlineData("melody-resnet-lstm")]
    [InlineData("pitch-step-duration")]
    [InlineData("chord-lstm")]
    [InlineData("chord-bilstm")]
    [InlineData("chord-stacked-lstm")]
    [InlineData("chord-conv-lstm")]
    [InlineData("notes-and-chords")]
    [InlineData("pitch-regression")]
    [InlineData("pianoroll-lstm")]
    public void Public_network_built_by_hand_is_the_presets_network(string id)
    {
        var p = Presets.Get(id).UseTiny();
        p.Options.VocabularySize = 37;
        var o = p.Options;
        SequenceModel byHand = id switch
        {
            "melody-lstm" => new MelodyNet(o.HiddenSize, o.HiddenSize2, o.DenseSize),
            "melody-resnet-lstm" => new MelodyNet(o.HiddenSize, o.HiddenSize2, o.DenseSize, residual: true),
            "pitch-step-duration" => new PitchStepDurationNet(o.HiddenSize),
            "chord-lstm" => new ChordLstmNet(37, o.HiddenSize, o.DenseSize),
            "chord-bilstm" => new ChordBiLstmNet(37, o.HiddenSize, o.DenseSize),
            "chord-stacked-lstm" => new ChordStackedLstmNet(37, o.HiddenSize, o.HiddenSize2, o.DenseSize),
            "chord-conv-lstm" => new ChordConvLstmNet(37, o.HiddenSize, o.DenseSize),
            "notes-and-chords" => new NotesAndChordsNet(37, o.HiddenSize, o.HiddenSize2, o.DenseSize, o.Dropout),
            "pitch-regression" => new PitchRegressionNet(o.HiddenSize, o.HiddenSize2),
            _ => new PianoRollLstm(o.HiddenSize, 2, o.Dropout),
        };
        var preset = p.CreateModel();
        Assert.Equal(p.ParameterCount(), byHand.ParameterCount());
        Assert.Equal(preset.GetType(), byHand.GetType());
        Assert.Equal(preset.StateDict().ToDictionary(kv => kv.Key, kv => string.Join("x", kv.Value.Shape)),
                     byHand.StateDict().ToDictionary(kv => kv.Key, kv => string.Join("x", kv.Value.Shape)));
    }

    /// <summary>A network as a student writes it in a cell: layers registered, Forward only (no Step).</summary>
    sealed class CellNet : SequenceModel
    {
        readonly LSTM _lstm;
        readonly Linear _head;

        public CellNet(int hidden)
        {
            _lstm = RegisterModule("lstm", new LSTM(3, hidden, batchFirst: true));
            _head = RegisterModule("head", new Linear(hidden, 130));
        }

        public override Tensor Forward(Tensor x) => _head.Forward(F.Select(_lstm.Forward(x).Output, 1, -1));
    }

    [Fact]
    public void Recipe_trains_a_network_written_in_a_cell_and_generation_reruns_its_window()
    {
        var p = Presets.Get("pitch-step-duration").UseTiny();
        p.Options.Epochs = 2;
        p.Options.MaxStepsPerEpoch = 5;
        var run = p.Train(Sample(), new CellNet(16));
        Assert.IsType<CellNet>(run.Model);
        Assert.Equal(2, run.History!.Epochs);
        Assert.False(run.FromCache);
        Assert.True(run.Model.RerunsWindow);
        var g = run.Generate(20, seed: 3);
        Assert.Equal(20, g.Count);
        Assert.Equal("note", g.Unit);
        Assert.Equal(20, g.ToMidiSong().GetAllNotes().Count);
        // Re-running the window from zero state by hand gives the same first note.
        var again = p.Generate(run.Model, run.Prompt!, 20, p.CreateSampler(3));
        Assert.Equal(g.Rows.Select(r => r[0]), again.Rows.Select(r => r[0]));
    }

    [Fact]
    public void Recipe_equals_the_hand_written_trainer_run()
    {
        var songs = Sample();
        var p = Presets.Get("melody-lstm").UseTiny();
        p.Options.Epochs = 2;
        p.Options.MaxStepsPerEpoch = 4;
        p.Options.Seed = 5;
        var run = p.Train(songs);

        var q = Presets.Get("melody-lstm").UseTiny();
        q.Options = p.Options with { };
        var corpus = q.Encode(songs);
        var task = q.CreateTask(corpus);
        var model = q.CreateModel();
        var trainer = new Trainer(model, q.CreateOptimizer(model), new TrainerOptions { Epochs = 2, BatchSize = q.Options.BatchSize, Seed = 5, MaxStepsPerEpoch = 4 });
        var h = trainer.Fit(task);
        Assert.Equal(h.TrainLoss, run.History!.TrainLoss);
        Assert.Equal(model.StateDict()["fc2.weight"].ToArray(), run.Model.StateDict()["fc2.weight"].ToArray());
    }

    [Fact]
    public void Weight_cache_loads_what_the_same_call_trained_and_misses_when_anything_changes()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"musicgen-cache-{Guid.NewGuid():N}");
        var before = Environment.GetEnvironmentVariable(WeightCache.EnvironmentVariable);
        Environment.SetEnvironmentVariable(WeightCache.EnvironmentVariable, folder);
        try
        {
            TrainedPreset Run(ulong seed, int songs = 5)
            {
                var p = Presets.Get("pitch-regression").UseTiny();
                p.Options.Epochs = 2;
                p.Options.MaxStepsPerEpoch = 3;
                p.Options.Seed = seed;
                return p.Train(Sample().Take(songs).ToList(), useCache: true);
            }
            var first = Run(1);
            Assert.False(first.FromCache);
            Assert.Single(Directory.GetFiles(Path.Combine(folder, "weights")));
            var second = Run(1);
            Assert.True(second.FromCache);
            Assert.Equal(first.History!.TrainLoss, second.History!.TrainLoss);
            foreach (var (name, t) in first.Model.StateDict()) Assert.Equal(t.ToArray(), second.Model.StateDict()[name].ToArray());
            Assert.False(Run(2).FromCache);            // another seed: other initial weights and options
            Assert.False(Run(1, songs: 4).FromCache);  // other data
            Assert.Equal(3, Directory.GetFiles(Path.Combine(folder, "weights")).Length);
        }
        finally
        {
            Environment.SetEnvironmentVariable(WeightCache.EnvironmentVariable, before);
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Generation_saves_a_midi_file_that_reads_back_and_refuses_other_extensions()
    {
        var p = Presets.Get("chord-lstm").UseTiny();
        p.Options.Epochs = 1;
        p.Options.MaxStepsPerEpoch = 2;
        var run = p.Train(Sample());
        var g = run.Generate(30, seed: 1);
        Assert.Equal("frame", g.Unit);
        var path = Path.Combine(Path.GetTempPath(), $"musicgen-gen-{Guid.NewGuid():N}", "out.mid");
        try
        {
            g.Save(path);
            var back = MidiSong.Read(path);
            Assert.Equal(g.ToMidiSong().GetAllNotes().Select(n => n.Pitch), back.GetAllNotes().Select(n => n.Pitch));
        }
        finally { Directory.Delete(Path.GetDirectoryName(path)!, recursive: true); }
        Assert.Throws<ArgumentException>(() => g.Save("out.wav"));
        Assert.Contains("30 frames generated", g.ToString());
    }

    [Fact]
    public void LoadOrSample_falls_back_to_the_sample_with_one_line()
    {
        var before = Console.Out;
        var captured = new StringWriter();
        Console.SetOut(captured);
        SongCollection songs;
        try { songs = SongCollection.LoadOrSample("no-such-dataset-xyz"); }
        finally { Console.SetOut(before); }
        Assert.True(songs.IsSample);
        Assert.Equal(SampleSongs.All().Select(s => s.Name), songs.Names);
        Assert.Same(songs["ode-to-joy"], songs[0]);
        Assert.Single(captured.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("no-such-dataset-xyz", captured.ToString());
        Assert.Throws<KeyNotFoundException>(() => songs["nope"]);
    }

    [Fact]
    public void FromNotes_sorts_and_the_music_types_display_as_text_and_svg()
    {
        var song = MidiSong.FromNotes([new Note(64, 80, 1, 2), new Note(60, 80, 0, 1)], name: "two");
        Assert.Equal([60, 64], song.GetAllNotes().Select(n => n.Pitch));
        var formatters = new MusicFormatterSource().CreateTypeFormatters().Cast<dynamic>().ToList();
        string Show(object value, string mime)
        {
            var w = new StringWriter();
            foreach (var f in formatters) if (f.MimeType == mime && f.Format(value, w)) return w.ToString();
            return "";
        }
        Assert.StartsWith("two: 2 notes, 2.0 s", Show(song, "text/plain"));
        Assert.Contains("<svg", Show(song, "image/svg+xml"));
        var roll = PianoRoll.GetPianoRoll(song, fs: 10);
        Assert.Contains("fs=10", Show(roll, "text/plain"));
        Assert.Contains("<svg", Show(roll, "image/svg+xml"));
    }

    [Fact]
    public void PianoRoll_carries_fs_and_start_time_through_slice_and_back_to_notes()
    {
        var song = MidiSong.FromNotes([new Note(60, 100, 0, 1), new Note(62, 90, 1.5, 2.5)]);
        var roll = PianoRoll.GetPianoRoll(song, fs: 20);
        Assert.Equal(20, roll.Fs);
        Assert.Equal(50, roll.Frames);
        var cut = roll.Slice(1.0, 2.5);
        Assert.Equal(1.0, cut.StartTime, 9);
        Assert.Equal(30, cut.Frames);
        var notes = cut.ToMidiSong().GetAllNotes();
        var n = Assert.Single(notes);
        Assert.Equal((62, 1.5, 2.5), (n.Pitch, n.Start, n.End));
        float[,] bare = roll;
        Assert.Same(roll.Values, bare);
    }
}
