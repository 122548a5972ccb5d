using MusicGen.Models;
using MusicGen.Nn;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace MusicGen.TorchSharp.Tests;

/// <summary>
/// For every preset: identical weights and batch give the same loss and the same gradient for every parameter in
/// our engine and in TorchSharp (LibTorch), element by element within |a − b| ≤ 1e-5 + 1e-5·|b|; a few optimizer
/// steps stay together; eval-mode outputs agree with dropout on.
/// </summary>
public sealed class CrossEngineTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void SameLossAndGradients(string id)
    {
        var (preset, task) = Engines.Tiny(id);
        var batch = Engines.Batch(task);
        var ours = preset.CreateModel();
        ours.Train();
        var module = TorchPresets.FromModel(preset, ours);

        var loss = preset.Loss(ours, batch);
        loss.Backward();
        var theirs = module.Loss(batch);
        theirs.backward();

        float a = loss.Item(), b = theirs.item<float>();
        output.WriteLine($"{id}: loss ours {a:R}, TorchSharp {b:R}");
        Assert.True(Engines.Violation([a], [b]) <= 1, $"{id}: loss {a} vs {b}");
        var g1 = Engines.Grads(ours);
        var g2 = Engines.Grads(module);
        Assert.Equal(g1.Keys.Order(), g2.Keys.Order());
        foreach (var (name, g) in g1)
        {
            double v = Engines.Violation(g, g2[name]);
            output.WriteLine($"  {name}: worst |Δ| / (1e-5 + 1e-5·|g|) = {v:F3}");
            Assert.True(v <= 1, $"{id}: gradient of {name} differs ({v:F2}× the tolerance)");
        }
        Assert.Contains(g1.Values, g => g.Any(x => x != 0)); // the comparison is not of zeros
    }

    [Theory]
    [InlineData("pitch-step-duration")]   // Adam
    [InlineData("chord-stacked-lstm")]    // Adam with eps 1e-7
    public void ThreeOptimizerStepsStayTogether(string id)
    {
        var (preset, task) = Engines.Tiny(id);
        var batch = Engines.Batch(task);
        var ours = preset.CreateModel();
        var module = TorchPresets.FromModel(preset, ours);
        var opt = preset.CreateOptimizer(ours);
        var topt = TorchOptimizers.Like(opt, module);
        for (int i = 0; i < 3; i++)
        {
            opt.ZeroGrad();
            preset.Loss(ours, batch).Backward();
            opt.Step();
            topt.zero_grad();
            module.Loss(batch).backward();
            topt.step();
        }
        var after = ours.StateDict();
        foreach (var (name, t) in module.state_dict())
        {
            double v = Engines.Violation(after[name].ToArray(), StateDictBridge.ToFloats(t), rtol: 1e-4, atol: 1e-5);
            Assert.True(v <= 1, $"{id}: {name} after 3 steps differs ({v:F2}× the tolerance)");
        }
    }

    /// <summary>
    /// RMSprop's first steps are nearly sign(g)·lr/√(1 − α) for any |g| ≫ ε, so a gradient that is ~1e-9 in both
    /// engines can flip sign from rounding and move a weight by 2·lr/√(1 − α): whole-step comparisons are ill-conditioned
    /// (notes-and-chords' first LSTM sees such gradients). The mapping is checked on identical gradients instead.
    /// </summary>
    [Theory]
    [InlineData("notes-and-chords")]      // RMSprop (Keras defaults)
    [InlineData("melody-lstm")]           // Adam
    [InlineData("chord-lstm")]            // Adam with eps 1e-7
    public void OptimizerStepsMatchOnIdenticalGradients(string id)
    {
        var (preset, task) = Engines.Tiny(id);
        var batch = Engines.Batch(task);
        var ours = preset.CreateModel();
        var module = TorchPresets.FromModel(preset, ours);
        var opt = preset.CreateOptimizer(ours);
        var topt = TorchOptimizers.Like(opt, module);
        var torchParams = module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        for (int i = 0; i < 3; i++)
        {
            opt.ZeroGrad();
            preset.Loss(ours, batch).Backward();
            using (no_grad())
                foreach (var (name, p) in ours.NamedParameters())
                    torchParams[name].grad = tensor(p.Grad!.ToArray(), torchParams[name].shape);
            opt.Step();
            topt.step();
        }
        foreach (var (name, p) in ours.NamedParameters())
        {
            double v = Engines.Violation(p.ToArray(), StateDictBridge.ToFloats(torchParams[name]));
            Assert.True(v <= 1, $"{id}: {name} after 3 steps on identical gradients differs ({v:F2}× the tolerance)");
        }
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void EvalOutputsAgreeWithDropoutOn(string id)
    {
        var (preset, task) = Engines.Tiny(id, dropout: 0.3f);
        var batch = Engines.Batch(task, 4);
        var ours = preset.CreateModel();
        // A training step first, so BatchNorm's running statistics are not the initial 0 and 1.
        preset.Loss(ours, batch).Backward();
        ours.Eval();
        var module = TorchPresets.FromModel(preset, ours);
        var x = new float[batch.Batch * batch.Window * preset.InputSize];
        for (int b = 0; b < batch.Batch; b++)
            for (int t = 0; t < batch.Window; t++)
                preset.ScaleInput(batch.Row(b, t), x.AsSpan((b * batch.Window + t) * preset.InputSize, preset.InputSize), false);
        using var _ = Torch.NoGrad();
        var y1 = ours.Forward(Nn.Tensor.FromArray(x, batch.Batch, batch.Window, preset.InputSize)).ToArray();
        using var __ = no_grad();
        var y2 = StateDictBridge.ToFloats(module.forward(tensor(x, [batch.Batch, batch.Window, preset.InputSize])));
        Assert.True(Engines.Violation(y1, y2) <= 1, $"{id}: eval outputs differ");
    }
}
