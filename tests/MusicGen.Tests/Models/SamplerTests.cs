using MusicGen.Models;

namespace MusicGen.Tests.Models;

/// <summary>Sampler: greedy, temperature, top-k, top-p, seeded draws.</summary>
public class SamplerTests
{
    static readonly float[] Logits = [0.1f, 2.0f, -1.0f, 1.5f, 0.7f, 1.9f];

    static int[] Histogram(Sampler s, ReadOnlySpan<float> logits, int draws)
    {
        var counts = new int[logits.Length];
        for (int i = 0; i < draws; i++) counts[s.SampleLogits(logits)]++;
        return counts;
    }

    [Fact]
    public void Greedy_takes_the_argmax_first_on_ties()
    {
        Assert.Equal(1, Sampler.Greedy().SampleLogits(Logits));
        Assert.Equal(0, Sampler.Greedy().SampleLogits([3f, 3f, 1f]));
        Assert.Equal(2, Sampler.Greedy().SampleProbabilities([0.1f, 0.2f, 0.7f]));
    }

    [Fact]
    public void Temperature_near_zero_equals_greedy()
    {
        var s = new Sampler(seed: 3, temperature: 1e-4f);
        for (int i = 0; i < 200; i++) Assert.Equal(1, s.SampleLogits(Logits));
    }

    [Fact]
    public void Draws_follow_the_softmax_at_temperature_one()
    {
        const int draws = 60_000;
        var counts = Histogram(new Sampler(seed: 42), Logits, draws);
        double max = Logits.Max(), z = Logits.Sum(l => Math.Exp(l - max));
        for (int i = 0; i < Logits.Length; i++)
        {
            double p = Math.Exp(Logits[i] - max) / z, sd = Math.Sqrt(p * (1 - p) / draws);
            Assert.InRange(counts[i] / (double)draws, p - 5 * sd, p + 5 * sd);
        }
    }

    [Fact]
    public void High_temperature_flattens_and_low_temperature_sharpens()
    {
        var hot = Histogram(new Sampler(seed: 1, temperature: 5f), Logits, 20_000);
        var cold = Histogram(new Sampler(seed: 1, temperature: 0.3f), Logits, 20_000);
        Assert.True(hot[2] > cold[2] * 5, $"hot {hot[2]} vs cold {cold[2]} draws of the least likely class");
        Assert.True(cold[1] > hot[1]);
    }

    [Fact]
    public void Top_k_never_picks_outside_the_k_most_likely()
    {
        var allowed = new HashSet<int> { 1, 5, 3 }; // logits 2.0, 1.9, 1.5
        var counts = Histogram(new Sampler(seed: 9, temperature: 3f, topK: 3), Logits, 5_000);
        for (int i = 0; i < counts.Length; i++)
            if (!allowed.Contains(i)) Assert.Equal(0, counts[i]);
        foreach (var i in allowed) Assert.True(counts[i] > 0);
    }

    [Fact]
    public void Top_p_keeps_the_smallest_nucleus()
    {
        // probabilities 0.5, 0.3, 0.15, 0.05: p = 0.75 keeps the first two (0.5 < 0.75 ≤ 0.8)
        float[] probs = [0.15f, 0.5f, 0.05f, 0.3f];
        var s = new Sampler(seed: 5, topP: 0.75f);
        var counts = new int[4];
        for (int i = 0; i < 10_000; i++) counts[s.SampleProbabilities(probs)]++;
        Assert.Equal(0, counts[0]);
        Assert.Equal(0, counts[2]);
        Assert.InRange(counts[1] / 10_000.0, 0.5 / 0.8 - 0.03, 0.5 / 0.8 + 0.03);
    }

    [Fact]
    public void Same_seed_same_draws_different_seed_different_draws()
    {
        var a = Histogram(new Sampler(seed: 11), Logits, 1);
        int[] Seq(ulong seed) { var s = new Sampler(seed); return Enumerable.Range(0, 50).Select(_ => s.SampleLogits(Logits)).ToArray(); }
        Assert.Equal(Seq(11), Seq(11));
        Assert.NotEqual(Seq(11), Seq(12));
        Assert.Equal(1, a.Sum());
    }

    [Fact]
    public void Bad_arguments_throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sampler(topK: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sampler(topP: 0f));
        Assert.Throws<ArgumentException>(() => Sampler.Greedy().SampleLogits(ReadOnlySpan<float>.Empty));
        Assert.Throws<ArgumentException>(() => new Sampler().SampleProbabilities([0.5f, -0.1f]));
    }
}
