using System.Runtime.Intrinsics;
using MusicGen.Nn.Kernels;

namespace MusicGen.Tests.Nn.Kernels;

/// <summary>The fused LSTM cell's Vector512 forward against its Vector256 forward (the one LstmKernelTests checks
/// against the naive kernel and finite differences).</summary>
public class LstmCellTests
{
    [Theory]
    [InlineData(1, 16)]
    [InlineData(5, 32)]
    [InlineData(16, 128)]
    [InlineData(3, 512)]
    public void Forward_gives_the_same_bits_on_Vector512_as_on_Vector256(int batch, int hidden)
    {
        if (!Vector512.IsHardwareAccelerated) return; // one path only on this CPU: nothing to compare
        var rng = new Random(batch * 1000 + hidden);
        int g = 4 * hidden, n = batch * hidden;
        // Pre-activations up to ±40, some tiny, some −100, so every branch runs: saturated, flushed to 0, the small-|x| tanh polynomial.
        var gates = KernelTestData.Random(rng, batch * g, 40f);
        for (var i = 0; i < gates.Length; i += 7) gates[i] *= 1e-3f;
        for (var i = 3; i < gates.Length; i += 11) gates[i] = -100f;
        var bias = KernelTestData.Random(rng, g, 0.5f);
        var cPrev = KernelTestData.Random(rng, n, 2f);
        (float[] Gates, float[] C, float[] Tc, float[] H) Run(bool narrow)
        {
            var (gt, c, tc, h) = ((float[])gates.Clone(), new float[n], new float[n], new float[n]);
            var previous = LstmCell.ForceVector256;
            LstmCell.ForceVector256 = narrow;
            try { LstmCell.Forward(batch, hidden, gt, bias, cPrev, c, tc, h); }
            finally { LstmCell.ForceVector256 = previous; }
            return (gt, c, tc, h);
        }
        var a = Run(narrow: true);
        var b = Run(narrow: false);
        Assert.Equal(a.Gates, b.Gates);
        Assert.Equal(a.C, b.C);
        Assert.Equal(a.Tc, b.Tc);
        Assert.Equal(a.H, b.H);
        Assert.Contains(a.Gates, v => v == 0f); // some sigmoid saturated and was flushed
        Assert.Contains(a.H, v => v != 0f);
    }
}
