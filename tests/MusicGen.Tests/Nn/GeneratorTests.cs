using MusicGen.Nn;

namespace MusicGen.Tests.Nn;

public class GeneratorTests
{
    [Fact]
    public void SameSeedSameStreamDifferentSeedDifferentStream()
    {
        var a = new Generator(42); var b = new Generator(42); var c = new Generator(43);
        var sa = Enumerable.Range(0, 8).Select(_ => a.NextUInt64()).ToArray();
        Assert.Equal(sa, Enumerable.Range(0, 8).Select(_ => b.NextUInt64()).ToArray());
        Assert.NotEqual(sa, Enumerable.Range(0, 8).Select(_ => c.NextUInt64()).ToArray());
        a.ManualSeed(42);
        Assert.Equal(sa[0], a.NextUInt64());
    }

    [Fact]
    public void XoshiroMatchesTheReferenceAlgorithmOnAHandComputedState()
    {
        // SplitMix64 of seed 0 gives the well-known first output 0xE220A8397B1DCDAF.
        ulong x = 0, z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL; z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL; z ^= z >> 31;
        Assert.Equal(0xE220A8397B1DCDAFUL, z);
    }

    [Fact]
    public void UniformAndNormalHaveTheRightMoments()
    {
        var g = new Generator(7);
        const int n = 200_000;
        double su = 0, sn = 0, sn2 = 0;
        for (int i = 0; i < n; i++)
        {
            float u = g.NextFloat();
            Assert.InRange(u, 0f, 0.99999995f);
            su += u;
            double v = g.NextNormal(); sn += v; sn2 += v * v;
        }
        Assert.Equal(0.5, su / n, 2);
        Assert.Equal(0.0, sn / n, 2);
        Assert.Equal(1.0, sn2 / n, 1);
        var counts = new int[5];
        for (int i = 0; i < 50_000; i++) counts[g.NextInt(5)]++;
        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
    }

    [Fact]
    public void UseGeneratorOverridesTheDefaultOnThisThreadUntilDisposed()
    {
        var mine = new Generator(5);
        var shared = Torch.DefaultGenerator;
        using (Torch.UseGenerator(mine))
        {
            Assert.Same(mine, Torch.DefaultGenerator);
            Torch.ManualSeed(3); // seeds the override, not the shared generator
            Assert.Equal(new Generator(3).NextUInt64(), mine.NextUInt64());
        }
        Assert.Same(shared, Torch.DefaultGenerator);
    }

    [Theory]
    [InlineData(0.3f, 1001)]
    [InlineData(0.75f, 17)]
    [InlineData(0f, 64)]
    [InlineData(1f, 9)]
    [InlineData(0.1f, 5000)]
    [InlineData(0.123456789f, 5000)]
    public void DropoutMaskEqualsOneNextFloatPerElementAndLeavesTheSameState(float p, int n)
    {
        // The naive reference: one NextFloat per element, as F.Dropout drew its mask before FillDropoutMask.
        var reference = new Generator(11);
        float keep = p == 1f ? 0f : 1f / (1f - p);
        var expected = new float[n];
        for (int i = 0; i < n; i++) expected[i] = reference.NextFloat() < p ? 0f : keep;
        var fast = new Generator(11);
        var actual = new float[n];
        fast.FillDropoutMask(actual, p, keep);
        Assert.Equal(expected, actual);
        Assert.Equal(reference.NextUInt64(), fast.NextUInt64());
        // With an input, the same mask and output = input·mask (TensorPrimitives.Multiply's products, bit for bit).
        var input = Enumerable.Range(0, n).Select(i => MathF.Sin(i) * 3f).ToArray();
        var mask2 = new float[n];
        var output = new float[n];
        new Generator(11).FillDropoutMask(mask2, p, keep, input, output);
        var product = new float[n];
        System.Numerics.Tensors.TensorPrimitives.Multiply(input, expected, product);
        Assert.Equal(expected, mask2);
        Assert.Equal(product, output);
        if (p is > 0 and < 1) Assert.InRange(actual.Count(v => v == 0f) / (double)n, p - 0.15, p + 0.15);
    }
}
