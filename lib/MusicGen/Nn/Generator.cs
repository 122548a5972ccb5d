namespace MusicGen.Nn;

/// <summary>
/// A small deterministic random generator (PyTorch's word: <c>torch.Generator</c>): xoshiro256** by Blackman
/// and Vigna (2018, "Scrambled linear pseudorandom number generators"), seeded through SplitMix64 so that any
/// 64-bit seed, including 0, gives a well-mixed state. Normal samples use the Box–Muller transform (Box and
/// Muller 1958), keeping the second value of each pair for the next call. The same seed gives the same stream
/// on every machine; the streams are not PyTorch's (that is what the safetensors fixtures are for).
/// </summary>
public sealed class Generator
{
    ulong _s0, _s1, _s2, _s3;
    double _spare;
    bool _hasSpare;

    /// <summary>A generator seeded with <paramref name="seed"/>.</summary>
    public Generator(ulong seed) => ManualSeed(seed);

    /// <summary>Resets the state from <paramref name="seed"/> (PyTorch <c>generator.manual_seed</c>).</summary>
    public Generator ManualSeed(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x); _s1 = SplitMix(ref x); _s2 = SplitMix(ref x); _s3 = SplitMix(ref x);
        _hasSpare = false;
        return this;
    }

    static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 random bits (xoshiro256**).</summary>
    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, 1) with 24 random bits (every float in the grid k/2^24 is equally likely).</summary>
    public float NextFloat() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>Uniform integer in [0, <paramref name="maxExclusive"/>), unbiased (Lemire's multiply-and-reject).</summary>
    public int NextInt(int maxExclusive)
    {
        if (maxExclusive <= 0) throw new ArgumentOutOfRangeException(nameof(maxExclusive), "must be positive");
        ulong range = (ulong)maxExclusive;
        while (true)
        {
            UInt128 m = (UInt128)NextUInt64() * range;
            ulong low = (ulong)m;
            if (low >= range || low >= (0UL - range) % range) return (int)(ulong)(m >> 64);
        }
    }

    /// <summary>A standard normal sample (Box–Muller).</summary>
    public double NextNormal()
    {
        if (_hasSpare) { _hasSpare = false; return _spare; }
        double u1 = 1.0 - NextDouble();          // (0, 1], so the log is finite
        double u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        _spare = r * Math.Sin(2 * Math.PI * u2);
        _hasSpare = true;
        return r * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Fills with U(<paramref name="low"/>, <paramref name="high"/>) samples (PyTorch <c>uniform_</c>).</summary>
    public void FillUniform(Span<float> destination, float low, float high)
    {
        double span = (double)high - low;
        for (int i = 0; i < destination.Length; i++) destination[i] = (float)(low + span * NextDouble());
    }

    /// <summary>
    /// A dropout mask: mask[i] = 0 where <see cref="NextFloat"/> &lt; <paramref name="p"/>, else <paramref name="keep"/>,
    /// from the same draws as calling NextFloat per element; with <paramref name="input"/>, also
    /// output[i] = input[i]·mask[i] in the same pass. The state stays in registers for the whole loop (per call it is
    /// loaded and stored through the object): a (100, 64, 512) activation of notes-and-chords is 3.3 M draws a dropout.
    /// </summary>
    public void FillDropoutMask(Span<float> mask, float p, float keep, ReadOnlySpan<float> input = default, Span<float> output = default)
    {
        if (!input.IsEmpty && (input.Length < mask.Length || output.Length < mask.Length))
            throw new ArgumentException($"input and output must hold the mask's {mask.Length} elements", nameof(input));
        // NextFloat() < p compares x·2⁻²⁴ with p for the integer x = draw >> 40 < 2²⁴; both sides are exact in float,
        // so it holds exactly when x < ⌈p·2²⁴⌉: an integer compare, no conversion per element.
        var threshold = (ulong)Math.Ceiling(Math.Clamp((double)p, 0, 1) * (1 << 24));
        ulong s0 = _s0, s1 = _s1, s2 = _s2, s3 = _s3;
        bool apply = !input.IsEmpty;
        int keepBits = BitConverter.SingleToInt32Bits(keep);
        for (int i = 0; i < mask.Length; i++)
        {
            ulong result = ulong.RotateLeft(s1 * 5, 7) * 9;
            ulong t = s1 << 17;
            s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3;
            s2 ^= t;
            s3 = ulong.RotateLeft(s3, 45);
            // Branch-free: a 30 % drop rate mispredicts a branch on every third element. all = ~0 when x < threshold.
            var all = (int)((long)((result >> 40) - threshold) >> 63);
            var m = BitConverter.Int32BitsToSingle(keepBits & ~all);
            mask[i] = m;
            if (apply) output[i] = input[i] * m;
        }
        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    /// <summary>Fills with N(<paramref name="mean"/>, <paramref name="std"/>²) samples (PyTorch <c>normal_</c>).</summary>
    public void FillNormal(Span<float> destination, float mean, float std)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = (float)(mean + std * NextNormal());
    }
}
