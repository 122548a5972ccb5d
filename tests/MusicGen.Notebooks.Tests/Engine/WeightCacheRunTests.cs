using MusicGen.Cli;
using MusicGen.Models;
using MusicGen.Notebooks.Ipynb;

namespace MusicGen.Notebooks.Tests.Engine;

/// <summary>
/// Issue 11, "ready for a class": after <c>musicgen notebooks prepare</c>, a full run of the same notebook trains
/// nothing; its network, written in a cell, is found in the weight cache even when cells are added above it (the
/// script compiler names the class <c>Submission#N+Name</c>, N counting the cells before it).
/// </summary>
[Collection(RunnerCollection.Name)]
public sealed class WeightCacheRunTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = Program.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    // A melody network written in a cell, as notebook 03 does, trained by the preset's recipe with the cache on.
    private const string Usings = "using MusicGen.Models;\nusing MusicGen.Data;\nusing MusicGen.Nn;";
    private const string Network = """
        class CellNet : SequenceModel
        {
            readonly LayerNorm norm;
            readonly LSTM l1, l2;
            readonly Linear fc1, fc2;
            public CellNet(int h1, int h2, int dense)
            {
                norm = RegisterModule("norm", new LayerNorm(4));
                l1 = RegisterModule("l1", new LSTM(4, h1, batchFirst: true));
                l2 = RegisterModule("l2", new LSTM(h1, h2, batchFirst: true));
                fc1 = RegisterModule("fc1", new Linear(h2, dense));
                fc2 = RegisterModule("fc2", new Linear(dense, 131));
            }
            public override Tensor Forward(Tensor x) => Step(x, new RecurrentState());
            public override Tensor Step(Tensor x, RecurrentState state)
            {
                var h = F.Select(RunLstm(l2, RunLstm(l1, norm.Forward(x), state, 0), state, 1), 1, -1);
                return fc2.Forward(F.Relu(fc1.Forward(h)));
            }
        }
        """;
    private const string Train = """
        var preset = Presets.Get("melody-lstm").UseTiny();
        (preset.Options.Epochs, preset.Options.MaxStepsPerEpoch, preset.Options.Seed) = (1, 2, 5);
        CellNet net;
        using (Torch.UseGenerator(new Generator(5))) net = new CellNet(preset.Options.HiddenSize, preset.Options.HiddenSize2, preset.Options.DenseSize);
        var run = preset.Train(SampleSongs.All().Select(s => s.Song).ToList(), model: net, useCache: true);
        Console.WriteLine($"FromCache {run.FromCache}; type {net.GetType().FullName}");
        """;

    private static string Save(string dir, params string[] cells)
    {
        var nb = Notebook.Create();
        for (int i = 0; i < cells.Length; i++) nb.Cells.Add(NotebookCell.Code(cells[i], $"c{i}"));
        var path = Path.Combine(dir, "train.ipynb");
        nb.Save(path);
        return path;
    }

    private static string Printed(string path) =>
        string.Concat(Notebook.Read(path).Cells.SelectMany(c => c.Outputs).Select(o => o.Text ?? ""));

    [Fact]
    public void A_run_after_prepare_loads_every_training_from_the_cache_even_with_cells_added_above()
    {
        var dir = FixturePaths.NewTempFolder();
        var cache = Path.Combine(dir, "cache");
        var before = Environment.GetEnvironmentVariable(WeightCache.EnvironmentVariable);
        Environment.SetEnvironmentVariable(WeightCache.EnvironmentVariable, cache);   // children inherit it
        try
        {
            var notebook = Save(dir, Usings, Network, Train);
            var (exit, _, err) = Run("notebooks", "prepare", notebook);
            Assert.True(exit == 0, err);
            Assert.Contains("training melody-lstm", err);
            Assert.Contains("1 trainings run", err);
            Assert.Single(Directory.GetFiles(Path.Combine(cache, "weights")));

            var outDir = Path.Combine(dir, "out");
            (exit, _, err) = Run("notebooks", "run", notebook, "--out", outDir);
            Assert.True(exit == 0, err);
            Assert.DoesNotContain("training", err);
            Assert.DoesNotContain("not from the weight cache", err);
            var printed = Printed(Path.Combine(outDir, "train.ipynb"));
            Assert.Contains("FromCache True", printed);

            // Two cells more above the network: its class is now another submission's, the weights the same.
            Save(dir, Usings, "var unrelated = 1;", "Console.WriteLine(unrelated);", Network, Train);
            (exit, _, err) = Run("notebooks", "run", notebook, "--out", outDir);
            Assert.True(exit == 0, err);
            Assert.DoesNotContain("training", err);
            var again = Printed(Path.Combine(outDir, "train.ipynb"));
            Assert.Contains("FromCache True", again);
            Assert.NotEqual(printed[printed.IndexOf("type ", StringComparison.Ordinal)..], again[again.IndexOf("type ", StringComparison.Ordinal)..]);
            Assert.Single(Directory.GetFiles(Path.Combine(cache, "weights")));

            // A different network (another width) is another training: the run reports it.
            Save(dir, Usings, Network, Train.Replace("preset.Options.DenseSize)", "preset.Options.DenseSize + 1)", StringComparison.Ordinal));
            (exit, _, err) = Run("notebooks", "run", notebook, "--out", outDir);
            Assert.True(exit == 0, err);
            Assert.Contains("train.ipynb: cell 3: training melody-lstm (1 epochs; not in the weight cache)", err);
            Assert.Contains("1 training run not from the weight cache", err);
            Assert.Contains("FromCache False", Printed(Path.Combine(outDir, "train.ipynb")));
        }
        finally
        {
            Environment.SetEnvironmentVariable(WeightCache.EnvironmentVariable, before);
        }
    }

    [Fact]
    public async Task The_key_names_a_cell_class_without_its_submission()
    {
        var session = new MusicGen.Notebooks.Execution.ScriptSession();
        await session.ExecuteAsync("var filler = 1;", new RecordingSink());
        var r = await session.ExecuteAsync("class Outer { public class CellNet { } }\nvar names = (typeof(Outer.CellNet).FullName, MusicGen.Models.WeightCache.ModelName(typeof(Outer.CellNet)));", new RecordingSink());
        Assert.True(r.Succeeded, r.ErrorValue);
        Assert.True(session.TryGetVariable("names", out var v));
        var (full, key) = ((string, string))v!;
        Assert.StartsWith("Submission#1+Outer+CellNet", full, StringComparison.Ordinal);
        Assert.Equal("Outer+CellNet", key);
        Assert.Equal(typeof(MelodyNet).FullName, WeightCache.ModelName(typeof(MelodyNet)));
    }
}
