using MusicGen.Nn;

namespace MusicGen.Tests.Nn;

public class ModuleTests
{
    [Fact]
    public void LstmParameterNamesShapesAndInitFollowPyTorch()
    {
        var lstm = new LSTM(3, 5, numLayers: 2, bidirectional: true);
        var names = lstm.NamedParameters().Select(p => $"{p.Name}{Fmt(p.Parameter.Shape)}").ToArray();
        Assert.Equal(new[]
        {
            "weight_ih_l0(20,3)", "weight_hh_l0(20,5)", "bias_ih_l0(20)", "bias_hh_l0(20)",
            "weight_ih_l0_reverse(20,3)", "weight_hh_l0_reverse(20,5)", "bias_ih_l0_reverse(20)", "bias_hh_l0_reverse(20)",
            "weight_ih_l1(20,10)", "weight_hh_l1(20,5)", "bias_ih_l1(20)", "bias_hh_l1(20)",
            "weight_ih_l1_reverse(20,10)", "weight_hh_l1_reverse(20,5)", "bias_ih_l1_reverse(20)", "bias_hh_l1_reverse(20)",
        }, names);
        float bound = 1f / MathF.Sqrt(5);
        foreach (var p in lstm.Parameters()) Assert.All(p.ToArray(), v => Assert.InRange(v, -bound, bound));
    }

    static string Fmt(int[] s) => "(" + string.Join(",", s) + ")";

    [Fact]
    public void SequentialAndNestedNamesAndParameterCount()
    {
        var net = new Sequential(new Linear(4, 8), new ReLU(), new BatchNorm1d(8), new Linear(8, 2, bias: false));
        Assert.Equal(new[] { "0.weight", "0.bias", "2.weight", "2.bias", "3.weight" }, net.NamedParameters().Select(p => p.Name));
        Assert.Equal(new[] { "0.weight", "0.bias", "2.weight", "2.bias", "2.running_mean", "2.running_var", "2.num_batches_tracked", "3.weight" }, net.StateDict().Keys);
        Assert.Equal(4 * 8 + 8 + 8 + 8 + 16, net.ParameterCount());
        Assert.Contains("(0): Linear(in_features=4, out_features=8, bias=True)", net.ToString());
        var nested = new Sequential(("enc", new Sequential(new Linear(2, 2))), ("head", new Linear(2, 1)));
        Assert.Equal(new[] { "", "enc", "enc.0", "head" }, nested.NamedModules().Select(m => m.Name));
    }

    [Fact]
    public void PitchStepDurationHasThePublishedParameterCount()
    {
        // SOURCES.md §3.3: 84,354 parameters for LSTM(128) over 3 inputs with heads 128 / 1 / 1 (Keras counts one bias per gate;
        // PyTorch's two biases add 4·128 = 512).
        var lstm = new LSTM(3, 128);
        long heads = new Linear(128, 128).ParameterCount() + 2 * new Linear(128, 1).ParameterCount();
        Assert.Equal(84_354 + 512, lstm.ParameterCount() + heads);
    }

    [Fact]
    public void TrainEvalSwitchesDropoutAndBatchNormRecursively()
    {
        var net = new Sequential(new Dropout(0.5f), new BatchNorm1d(3));
        var x = Tensor.Rand([6, 3], new Generator(1));
        Assert.True(net.Training);
        net.Eval();
        Assert.False(net[0].Training);
        Assert.False(net[1].Training);
        using (Torch.NoGrad())
        {
            // Eval: dropout is the identity and batch norm uses the initial running stats (0, 1).
            var y = net.Forward(x);
            NnAssert.Close(x.Data.ToArray().Select(v => v / MathF.Sqrt(1f + 1e-5f)).ToArray(), y.Data, "eval output");
        }
        net.Train();
        Assert.True(net[0].Training);
    }

    [Fact]
    public void LinearInitIsKaimingUniformBound()
    {
        using var seed = Torch.UseGenerator(new Generator(2));
        var lin = new Linear(16, 300);
        float bound = 1f / 4f;
        var w = lin.Weight.ToArray();
        Assert.All(w, v => Assert.InRange(v, -bound, bound));
        Assert.True(w.Max() > 0.9f * bound && w.Min() < -0.9f * bound, "the weights should fill U(-1/4, 1/4)");
    }

    [Fact]
    public void OrthogonalInitGivesOrthonormalRows()
    {
        var w = Init.Orthogonal(Tensor.Zeros(4, 6), generator: new Generator(3));
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
            {
                float dot = 0; for (int k = 0; k < 6; k++) dot += w[i, k] * w[j, k];
                Assert.Equal(i == j ? 1f : 0f, dot, 4);
            }
    }

    [Fact]
    public void LstmUnbatchedInputMatchesBatchOfOne()
    {
        using var seed = Torch.UseGenerator(new Generator(4));
        var lstm = new LSTM(2, 3);
        var x = Tensor.Randn([5, 2], new Generator(8));
        using var _ = Torch.NoGrad();
        var (y1, (h1, _)) = lstm.Forward(x);
        var (y2, (h2, _)) = lstm.Forward(x.Reshape(5, 1, 2));
        Assert.Equal(new[] { 5, 3 }, y1.Shape);
        Assert.Equal(new[] { 1, 3 }, h1.Shape);
        Assert.Equal(y2.ToArray(), y1.ToArray());
        Assert.Equal(h2.ToArray(), h1.ToArray());
    }

    [Fact]
    public void EmbeddingRejectsOutOfRangeIndices()
    {
        var emb = new Embedding(4, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => emb.Forward(Tensor.FromArray([1f, 4f])));
        Assert.Equal(new[] { 2, 2 }, emb.Forward(Tensor.FromArray([1f, 3f])).Shape);
    }

    [Fact]
    public void TensorFormatsForNotebooks()
    {
        var t = Tensor.FromArray([1f, 2.5f, -3f, 4f], 2, 2);
        Assert.Equal("Tensor(2, 2) [1, 2.5, -3, 4]", t.ToString());
        var sw = new StringWriter();
        TensorFormatterSource.WriteHtml(t, sw);
        Assert.Contains("<td>2.5</td>", sw.ToString());
        Assert.Contains("Tensor(2, 2)", sw.ToString());
        // Discovery as a front end does it: the attribute names the source, the source yields the formatters.
        var attr = (MusicGen.Formatting.TypeFormatterSourceAttribute)Attribute.GetCustomAttribute(typeof(Tensor), typeof(MusicGen.Formatting.TypeFormatterSourceAttribute))!;
        Assert.Equal(new[] { "text/plain", "text/html" }, attr.PreferredMimeTypes);
        var source = Activator.CreateInstance(attr.FormatterSourceType)!;
        var formatters = ((IEnumerable<object>)attr.FormatterSourceType.GetMethod("CreateTypeFormatters")!.Invoke(source, null)!).ToList();
        Assert.Equal(new[] { "text/plain", "text/html" }, formatters.Select(f => (string)f.GetType().GetProperty("MimeType")!.GetValue(f)!));
        var plain = new StringWriter();
        Assert.True((bool)formatters[0].GetType().GetMethod("Format")!.Invoke(formatters[0], [t, plain])!);
        Assert.Equal(t.ToString(), plain.ToString());
    }

    [Fact]
    public void OperatorsMatchFunctionalForms()
    {
        var a = Tensor.FromArray([1f, 2f]); var b = Tensor.FromArray([3f, 5f]);
        Assert.Equal([4f, 7f], (a + b).ToArray());
        Assert.Equal([-2f, -3f], (a - b).ToArray());
        Assert.Equal([3f, 10f], (a * b).ToArray());
        Assert.Equal([2f, 4f], (2f * a).ToArray());
        Assert.Equal([0f, 1f], (a - 1f).ToArray());
        Assert.Equal(new[] { 2, 2 }, F.Stack([a, b], -1).Shape);
        Assert.Equal([1f, 3f, 2f, 5f], F.Stack([a, b], 1).ToArray());
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], Tensor.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } }).ToArray());
        Assert.Equal([1f, 0f], Tensor.FromArray([0.1f, 0.9f, 0.3f, 0.2f], 2, 2).ArgMax().ToArray());
    }
}
