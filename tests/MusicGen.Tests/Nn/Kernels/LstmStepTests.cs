using MusicGen.Nn;
using MusicGen.Nn.Kernels;

namespace MusicGen.Tests.Nn.Kernels;

/// <summary>The inference-only step kernels (LstmStep, LinearStep) against their naive references (StepNaive).</summary>
public class LstmStepTests
{
    [Theory]
    [InlineData(3, 128, true, 1)]  // pitch-step-duration's LSTM
    [InlineData(1, 20, true, 2)]   // H not a multiple of the 16-unit block: padded units
    [InlineData(7, 5, false, 3)]   // no bias, H smaller than a block
    [InlineData(64, 48, true, 4)]
    public void Lstm_step_matches_the_naive_step_over_a_sequence(int inputs, int hidden, bool withBias, int seed)
    {
        var rng = new Random(seed);
        var wIh = KernelTestData.Random(rng, 4 * hidden * inputs, 0.5f);
        var wHh = KernelTestData.Random(rng, 4 * hidden * hidden, 0.5f);
        var bIh = withBias ? KernelTestData.Random(rng, 4 * hidden, 0.5f) : [];
        var bHh = withBias ? KernelTestData.Random(rng, 4 * hidden, 0.5f) : [];
        var step = new LstmStep(wIh, wHh, bIh, bHh, inputs, hidden);
        var h = new float[hidden];
        var c = new float[hidden];
        for (int t = 0; t < 12; t++)
        {
            var x = KernelTestData.Random(rng, inputs, 2f);
            StepNaive.Lstm(wIh, wHh, bIh, bHh, x, h, c);
            var got = step.Forward(x);
            KernelTestData.AssertClose(h, got, 1e-5, $"h at step {t}", floorFraction: 0.05);
            KernelTestData.AssertClose(c, step.C, 1e-5, $"c at step {t}", floorFraction: 0.05);
            Assert.True(c.Any(v => Math.Abs(v) > 0.05f), "the state is not trivially zero");
        }
        step.Reset();
        Assert.All(step.H.ToArray(), v => Assert.Equal(0f, v));
        Assert.All(step.C.ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Lstm_step_reads_each_layer_of_a_module()
    {
        var lstm = new LSTM(4, 24, numLayers: 2);
        var layer1 = new LstmStep(lstm, 1);
        Assert.Equal((24, 24), (layer1.InputSize, layer1.HiddenSize));
        var p = lstm.NamedParameters().ToDictionary(e => e.Name, e => e.Parameter.Data.ToArray());
        var x = KernelTestData.Random(new Random(5), 24);
        var h = new float[24];
        var c = new float[24];
        StepNaive.Lstm(p["weight_ih_l1"], p["weight_hh_l1"], p["bias_ih_l1"], p["bias_hh_l1"], x, h, c);
        KernelTestData.AssertClose(h, layer1.Forward(x), 1e-5, "layer 1 h", floorFraction: 0.05);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LstmStep(lstm, 2));
        Assert.Throws<ArgumentException>(() => new LstmStep(new LSTM(2, 3, bidirectional: true)));
    }

    [Theory]
    [InlineData(128, 130, 0, true)] // pitch-step-duration's three heads (activation 0 = None): 2 panels + 1 single vector
    [InlineData(5, 7, 1, true)]     // ReLU; only a padded single vector
    [InlineData(33, 200, 2, false)] // sigmoid
    [InlineData(256, 64, 1, true)]  // exactly one panel
    public void Linear_step_matches_the_naive_product(int inputs, int outputs, int activationCode, bool withBias)
    {
        var activation = (StepActivation)activationCode;
        var rng = new Random(inputs * 1000 + outputs);
        var w = KernelTestData.Random(rng, outputs * inputs, 0.5f);
        var b = withBias ? KernelTestData.Random(rng, outputs) : [];
        var step = new LinearStep(w, b, inputs, activation);
        for (int t = 0; t < 3; t++)
        {
            var x = KernelTestData.Random(rng, inputs, 2f);
            KernelTestData.AssertClose(StepNaive.Linear(w, b, x, activation), step.Forward(x), 1e-5, $"y call {t}", floorFraction: 0.05);
        }
    }

    [Fact]
    public void Linear_step_concatenates_layers_that_read_the_same_input()
    {
        var a = new Linear(16, 9);
        var b = new Linear(16, 1);
        var step = new LinearStep(StepActivation.None, a, b);
        var x = KernelTestData.Random(new Random(1), 16);
        var expected = StepNaive.Linear(a.Weight.Data, a.Bias!.Data, x, StepActivation.None)
            .Concat(StepNaive.Linear(b.Weight.Data, b.Bias!.Data, x, StepActivation.None)).ToArray();
        KernelTestData.AssertClose(expected, step.Forward(x), 1e-5, "heads", floorFraction: 0.05);
        Assert.Throws<ArgumentException>(() => new LinearStep(StepActivation.None, a, new Linear(8, 2)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void A_layer_too_large_to_pack_is_read_in_place_and_matches_the_naive_product(int activationCode)
    {
        var activation = (StepActivation)activationCode;
        var layer = new Linear(261, 4019); // 1,048,959 weights > PackLimit; In and Out not multiples of 8 or 4
        Assert.True(layer.Weight.Data.Length > LinearStep.PackLimit);
        var step = new LinearStep(activation, layer);
        var x = KernelTestData.Random(new Random(8), 261, 2f);
        KernelTestData.AssertClose(StepNaive.Linear(layer.Weight.Data, layer.Bias!.Data, x, activation), step.Forward(x), 1e-5, "y", floorFraction: 0.05);
        layer.Weight.Data[0] += 1f; // read in place: the step sees the change
        KernelTestData.AssertClose(StepNaive.Linear(layer.Weight.Data, layer.Bias!.Data, x, activation), step.Forward(x), 1e-5, "y after a change", floorFraction: 0.05);
    }
}
