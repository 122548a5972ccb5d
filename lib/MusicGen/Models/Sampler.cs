using MusicGen.Nn;

namespace MusicGen.Models;

/// <summary>
/// Picks a class from logits or probabilities: greedy (argmax, temperature 0), temperature scaling
/// (logits / T, as the TF tutorial's <c>predict_next_note</c> (SOURCES.md §3.4) does before <c>tf.random.categorical</c>), top-k and top-p
/// (nucleus) filtering, drawing with a seeded <see cref="Nn.Generator"/> so a run is reproducible.
/// </summary>
/// <remarks>Order as in Hugging Face's logits processors: temperature, then top-k, then top-p, then one uniform
/// draw against the cumulative distribution (in class order). Ties in greedy mode go to the lowest index.</remarks>
public sealed class Sampler
{
    float[] _work = Array.Empty<float>();
    int[] _order = Array.Empty<int>();

    /// <param name="seed">Seed of the generator used for draws.</param>
    /// <param name="temperature">Divides the logits; 0 (or less) means greedy.</param>
    /// <param name="topK">Keep only the k most likely classes (0 = all).</param>
    /// <param name="topP">Keep the smallest set of most likely classes whose probability reaches p (1 = all).</param>
    public Sampler(ulong seed = 0, float temperature = 1f, int topK = 0, float topP = 1f)
    {
        if (float.IsNaN(temperature)) throw new ArgumentOutOfRangeException(nameof(temperature), "temperature is NaN");
        if (topK < 0) throw new ArgumentOutOfRangeException(nameof(topK), $"top-k must be ≥ 0, got {topK}");
        if (!(topP > 0f && topP <= 1f)) throw new ArgumentOutOfRangeException(nameof(topP), $"top-p must be in (0, 1], got {topP}");
        (Temperature, TopK, TopP) = (temperature, topK, topP);
        Generator = new Generator(seed);
    }

    /// <summary>A sampler that always takes the argmax.</summary>
    public static Sampler Greedy() => new(0, 0f);

    /// <summary>Divisor of the logits; ≤ 0 means greedy.</summary>
    public float Temperature { get; }

    /// <summary>Top-k filter (0 = off).</summary>
    public int TopK { get; }

    /// <summary>Top-p filter (1 = off).</summary>
    public float TopP { get; }

    /// <summary>True when <see cref="Temperature"/> ≤ 0: every call returns the argmax.</summary>
    public bool IsGreedy => Temperature <= 0f;

    /// <summary>The random source of the draws (seeded in the constructor).</summary>
    public Generator Generator { get; }

    /// <summary>Index of the largest value (first on ties).</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty) throw new ArgumentException("argmax of an empty span", nameof(values));
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    /// <summary>Samples a class from unnormalised <paramref name="logits"/>.</summary>
    public int SampleLogits(ReadOnlySpan<float> logits)
    {
        if (logits.IsEmpty) throw new ArgumentException("no logits to sample from", nameof(logits));
        if (IsGreedy) return ArgMax(logits);
        var p = Work(logits.Length);
        float max = float.NegativeInfinity;
        foreach (var v in logits) if (v > max) max = v;
        for (int i = 0; i < p.Length; i++) p[i] = MathF.Exp((logits[i] - max) / Temperature);
        return Draw(p);
    }

    /// <summary>Samples a class from <paramref name="probabilities"/> (need not sum to 1); temperature T
    /// raises them to 1/T first (the same as dividing the logits).</summary>
    public int SampleProbabilities(ReadOnlySpan<float> probabilities)
    {
        if (probabilities.IsEmpty) throw new ArgumentException("no probabilities to sample from", nameof(probabilities));
        if (IsGreedy) return ArgMax(probabilities);
        var p = Work(probabilities.Length);
        for (int i = 0; i < p.Length; i++)
        {
            if (probabilities[i] < 0f || float.IsNaN(probabilities[i])) throw new ArgumentException($"probability {i} is {probabilities[i]}", nameof(probabilities));
            p[i] = Temperature == 1f ? probabilities[i] : MathF.Pow(probabilities[i], 1f / Temperature);
        }
        return Draw(p);
    }

    Span<float> Work(int n)
    {
        if (_work.Length < n) { _work = new float[n]; _order = new int[n]; }
        return _work.AsSpan(0, n);
    }

    /// <summary>Applies top-k / top-p to the unnormalised weights <paramref name="w"/> and draws.</summary>
    int Draw(Span<float> w)
    {
        int n = w.Length;
        if (TopK > 0 && TopK < n || TopP < 1f)
        {
            var order = _order.AsSpan(0, n);
            for (int i = 0; i < n; i++) order[i] = i;
            var weights = _work;
            // Descending by weight, ties by index, so filtering is deterministic.
            order.Sort((a, b) => weights[a] != weights[b] ? weights[b].CompareTo(weights[a]) : a.CompareTo(b));
            int keep = TopK > 0 ? Math.Min(TopK, n) : n;
            if (TopP < 1f)
            {
                double total = 0, run = 0;
                for (int i = 0; i < keep; i++) total += w[order[i]];
                for (int i = 0; i < keep; i++)
                {
                    run += w[order[i]];
                    if (run >= TopP * total) { keep = i + 1; break; }
                }
            }
            for (int i = keep; i < n; i++) w[order[i]] = 0f;
        }
        double sum = 0;
        foreach (var v in w) sum += v;
        if (!(sum > 0) || double.IsInfinity(sum)) return ArgMax(w);
        double u = Generator.NextDouble() * sum, acc = 0;
        int last = 0;
        for (int i = 0; i < n; i++)
        {
            if (w[i] <= 0f) continue;
            acc += w[i];
            last = i;
            if (u < acc) return i;
        }
        return last;
    }

    /// <inheritdoc/>
    public override string ToString() => IsGreedy ? "Sampler(greedy)" : $"Sampler(temperature={Temperature}, top_k={TopK}, top_p={TopP})";
}
