using System.Runtime.Intrinsics;
using MusicGen.Nn.Kernels;

namespace MusicGen.Tests.Nn.Kernels;

/// <summary>The LSTM cell's vector exp, sigmoid and tanh against double-precision System.Math.</summary>
public class SimdMathTests
{
    /// <summary>x from −30 to 30 densely, plus tiny magnitudes where tanh must keep relative accuracy.</summary>
    static IEnumerable<float> Inputs()
    {
        for (var i = -60000; i <= 60000; i++) yield return i * 5e-4f;
        for (var e = -30; e <= 0; e++) { yield return MathF.Pow(2, e); yield return -MathF.Pow(2, e) * 1.3f; }
        yield return 0f;
        yield return 100f;
        yield return -100f;
    }

    static void Check(Func<Vector256<float>, Vector256<float>> simd, Func<double, double> exact, double rtol, double atol, string name,
        float max = float.MaxValue)
    {
        var xs = Inputs().Where(x => Math.Abs(x) <= max).ToArray();
        double worst = 0;
        for (var i = 0; i < xs.Length; i += 8)
        {
            var chunk = new float[8];
            for (var l = 0; l < 8; l++) chunk[l] = xs[Math.Min(i + l, xs.Length - 1)];
            var y = simd(Vector256.Create(chunk));
            for (var l = 0; l < 8; l++)
            {
                var e = exact(chunk[l]);
                var err = Math.Abs(y[l] - e);
                worst = Math.Max(worst, err / (Math.Abs(e) + atol / rtol));
                Assert.True(err <= rtol * Math.Abs(e) + atol, $"{name}({chunk[l]:R}) = {y[l]:R}, exact {e:R}");
            }
        }
        Assert.True(worst > 0, "the comparison ran"); // a kernel returning exact doubles would be suspicious
    }

    [Fact]
    public void Exp_is_within_a_few_ulps_over_its_range() =>
        Check(SimdMath.Exp, Math.Exp, 4e-7, 0, "exp", max: 80f); // clamped beyond the float range by design

    [Fact]
    public void Tanh_has_relative_accuracy_including_tiny_inputs() =>
        Check(SimdMath.Tanh, Math.Tanh, 4e-7, 1e-38, "tanh");

    [Fact]
    public void Sigmoid_is_accurate_and_saturates_cleanly()
    {
        // Absolute floor: the smallest normal float (values below it are flushed to 0, never subnormal).
        Check(SimdMath.Sigmoid, v => 1 / (1 + Math.Exp(-v)), 4e-7, 1.1755e-38, "sigmoid");
        foreach (var x in new[] { -87.4f, -88f, -100f, -1e30f, float.MinValue })
        {
            Assert.Equal(0f, SimdMath.Sigmoid(Vector256.Create(x)).GetElement(0));
            Assert.Equal(0f, SimdMath.Sigmoid(x));
        }
        var smallest = SimdMath.Sigmoid(Vector256.Create(-87.3f)).GetElement(0);
        Assert.True(float.IsNormal(smallest), $"σ(−87.3) = {smallest:R} should be a normal float");
    }

    [Fact]
    public void Subnormals_are_flushed_to_zero_and_nothing_else_changes()
    {
        var min = SimdMath.MinNormal;
        Assert.True(float.IsNormal(min) && !float.IsNormal(min / 2));
        var v = Vector256.Create(min, -min, min / 2, -min / 4, 1e-45f, 0f, 3.5f, -1e-30f);
        var f = SimdMath.FlushSubnormal(v);
        Assert.Equal(new[] { min, -min, 0f, 0f, 0f, 0f, 3.5f, -1e-30f }, Enumerable.Range(0, 8).Select(i => f.GetElement(i)).ToArray());
        Assert.Equal(0f, SimdMath.FlushSubnormal(min / 2));
        Assert.Equal(-min, SimdMath.FlushSubnormal(-min));
        // tanh of a tiny argument is the argument itself, without a subnormal square on the way.
        foreach (var x in new[] { 1e-20f, -3e-25f, 8e-19f })
            Assert.Equal(x, SimdMath.Tanh(Vector256.Create(x)).GetElement(0));
    }

    /// <summary>The Vector512 functions give the Vector256 functions' bits in every lane (the cell relies on it).</summary>
    [Fact]
    public void Vector512_versions_equal_the_Vector256_versions_bit_for_bit()
    {
        var xs = Inputs().Concat([float.MinValue, float.MaxValue, 1e-45f, -1e-45f, SimdMath.MinNormal / 3]).ToArray();
        var compared = 0;
        for (var i = 0; i + 16 <= xs.Length; i += 16)
        {
            var chunk = xs.AsSpan(i, 16).ToArray();
            var wide = Vector512.Create(chunk);
            for (var half = 0; half < 2; half++)
            {
                var narrow = Vector256.Create(chunk.AsSpan(8 * half, 8));
                var pairs = new (Vector256<float> N, Vector512<float> W, string Name)[]
                {
                    (SimdMath.Exp(Vector256.Min(narrow, Vector256.Create(80f))), SimdMath.Exp(Vector512.Min(wide, Vector512.Create(80f))), "exp"),
                    (SimdMath.Sigmoid(narrow), SimdMath.Sigmoid(wide), "sigmoid"),
                    (SimdMath.Tanh(narrow), SimdMath.Tanh(wide), "tanh"),
                    (SimdMath.FlushSubnormal(narrow), SimdMath.FlushSubnormal(wide), "flush"),
                };
                foreach (var (n, w, name) in pairs)
                    for (var l = 0; l < 8; l++)
                    {
                        Assert.True(BitConverter.SingleToInt32Bits(n[l]) == BitConverter.SingleToInt32Bits(w[8 * half + l]),
                            $"{name}({chunk[8 * half + l]:R}): Vector256 {n[l]:R}, Vector512 {w[8 * half + l]:R}");
                        compared++;
                    }
            }
        }
        Assert.True(compared > 100_000);
    }
}
