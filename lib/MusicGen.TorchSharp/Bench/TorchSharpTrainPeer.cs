using System.Diagnostics;
using MusicGen.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace MusicGen.TorchSharp.Bench;

/// <summary>
/// The TorchSharp (LibTorch) side of <c>musicgen bench train --peer torchsharp</c>: the benchmark shapes of
/// lib/MusicGen/Nn/Bench (the same networks, optimizers and random batch sizes) built from the presets' TorchSharp
/// modules, timed as ours are (warm-up of at least 2 steps and 1 s, then ZeroGrad → forward → loss → backward → step).
/// Shapes: pitch-step-duration B×25×3, LSTM 128, Adam 0.005; chord-stacked-lstm B×200×1, LSTM 256 → 256, Dense 512,
/// V 2000, Adam 0.001; notes-and-chords B×100×1, LSTM 512 ×3, Dense 256, V 358, dropout 0.3, RMSprop 0.001.
/// </summary>
public sealed class TorchSharpTrainPeer : ITrainBenchPeer
{
    /// <inheritdoc/>
    public string Name => "torchsharp";

    /// <inheritdoc/>
    public string Description
    {
        get
        {
            TorchSharpRuntime.EnsureLoaded();
            var libtorch = __version__.ToString();
            if (libtorch.Count(c => c == '.') == 3 && libtorch.EndsWith(".0", StringComparison.Ordinal)) libtorch = libtorch[..^2]; // "2.10.0.0" → "2.10.0"
            return $"TorchSharp {typeof(torch).Assembly.GetName().Version?.ToString(3)} (LibTorch {libtorch}), CPU";
        }
    }

    /// <inheritdoc/>
    public double StepsPerSecond(string preset, int batch, int steps, int threads)
    {
        if (batch < 1 || steps < 1 || threads < 1) throw new ArgumentOutOfRangeException(nameof(batch), "batch, steps and threads must be ≥ 1");
        TorchSharpRuntime.EnsureLoaded();
        int previous = get_num_threads();
        set_num_threads(threads);
        try
        {
            var (module, optimizer, loss) = Create(preset, batch);
            module.train();
            // Warm-up as bench train warms up our engine (TrainBenchmark.WarmupSteps, WarmupTime): at least 2 steps and
            // at least 1 s. The numbers are repeated here because notebook 09 calls this four-argument method directly.
            var warm = Stopwatch.StartNew();
            for (int i = 0; i < 2 || warm.Elapsed.TotalSeconds < 1; i++) Step(optimizer, loss);
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < steps; i++) Step(optimizer, loss);
            return steps / clock.Elapsed.TotalSeconds;
        }
        finally { set_num_threads(previous); }
    }

    static void Step(optim.Optimizer optimizer, Func<Tensor> loss)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var l = loss();
        l.backward();
        optimizer.step();
    }

    static (TorchPresetModule, optim.Optimizer, Func<Tensor>) Create(string id, int batch)
    {
        var gen = new Generator(0); // fixed data, as the bench tasks; values are not those of our engine's generator
        var preset = Presets.Get(id);
        var o = preset.Options;
        switch (id)
        {
            case "pitch-step-duration":
            {
                (o.HiddenSize, o.Window) = (128, 25);
                var m = TorchPresets.Create(preset);
                var x = rand(batch, 25, 3, generator: gen);
                var pitch = randint(128, [batch], generator: gen);
                var step = rand(batch, 1, generator: gen);
                var duration = rand(batch, 1, generator: gen);
                var opt = optim.Adam(m.parameters(), lr: 0.005);
                return (m, opt, () =>
                {
                    var y = m.forward(x);
                    return 0.05f * nn.functional.cross_entropy(y.narrow(1, 0, 128), pitch)
                           + Pressure(y.narrow(1, 128, 1), step) + Pressure(y.narrow(1, 129, 1), duration);
                });
            }
            case "chord-stacked-lstm":
            {
                (o.HiddenSize, o.HiddenSize2, o.DenseSize, o.VocabularySize, o.Window) = (256, 256, 512, 2000, 200);
                var m = TorchPresets.Create(preset);
                var x = rand(batch, 200, 1, generator: gen);
                var y = randint(2000, [batch], generator: gen);
                var opt = optim.Adam(m.parameters(), lr: 0.001);
                return (m, opt, () => nn.functional.cross_entropy(m.forward(x), y));
            }
            case "notes-and-chords":
            {
                (o.HiddenSize, o.HiddenSize2, o.DenseSize, o.VocabularySize, o.Window, o.Dropout) = (512, 512, 256, 358, 100, 0.3f);
                var m = TorchPresets.Create(preset);
                var x = rand(batch, 100, 1, generator: gen);
                var y = randint(358, [batch], generator: gen);
                var opt = optim.RMSProp(m.parameters(), lr: 0.001);
                return (m, opt, () => nn.functional.cross_entropy(m.forward(x), y));
            }
            default:
                throw new ArgumentException($"unknown benchmark shape '{id}'; known: pitch-step-duration, chord-stacked-lstm, notes-and-chords", nameof(id));
        }
    }

    static Tensor Pressure(Tensor input, Tensor target) =>
        nn.functional.mse_loss(input, target) + 10f * nn.functional.relu(-input).mean();
}
