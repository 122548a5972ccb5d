using System.Diagnostics;
using MusicGen.Models;
using MusicGen.Nn;
using MusicGen.Nn.Kernels;

namespace MusicGen.Cli.Bench;

/// <summary>
/// The matrix products of one training step of a <c>bench train</c> shape, replayed alone through
/// <see cref="Gemm.Sgemm"/> on random data, to see how close the GEMMs themselves come to the FMA peak. Per LSTM layer
/// (T, B, I, H), G = 4H, as LstmKernel issues them: the input projection (T·B, I)·(I, G), T recurrent products
/// (B, H)·(H, G) forward and (B, G)·(G, H) backward, the input gradient (T·B, G)·(G, I) when the input needs one, and
/// the weight gradients (G, T·B)·(T·B, I) and (G, T·B)·(T·B, H); per Linear layer the forward, weight-gradient and
/// input-gradient products. Their FLOPs are <see cref="FlopCount"/>'s (BenchPeakTests checks the two agree). The
/// recurrent products run unpacked here (the LSTM kernel packs W_hh once per sequence), and caches hold only GEMM data.
/// </summary>
internal static class GemmReplay
{
    /// <summary>One product C (M, N) = op(A) (M, K) · op(B) (K, N), issued <see cref="Repeat"/> times.</summary>
    internal readonly record struct Shape(bool TransA, bool TransB, int M, int N, int K, int Repeat)
    {
        public double Flops => 2.0 * M * N * K * Repeat;
    }

    /// <summary>The products of one training step of <paramref name="id"/> at batch <paramref name="b"/>.</summary>
    public static IReadOnlyList<Shape> Shapes(string id, PresetOptions o, int b)
    {
        var s = new List<Shape>();
        void Lstm(int t, int i, int h, bool inputGrad)
        {
            int g = 4 * h;
            s.Add(new(false, true, t * b, g, i, 1));      // gates = x · W_ihᵀ
            s.Add(new(false, true, b, g, h, t));          // + h_{t−1} · W_hhᵀ, every step
            s.Add(new(false, false, b, h, g, t));         // dh_{t−1} = dgates · W_hh, every step
            if (inputGrad) s.Add(new(false, false, t * b, i, g, 1)); // dx = dgates · W_ih
            s.Add(new(true, false, g, i, t * b, 1));      // dW_ih = dgatesᵀ · x
            s.Add(new(true, false, g, h, t * b, 1));      // dW_hh = dgatesᵀ · h
        }
        void Linear(int inFeatures, int outFeatures)
        {
            s.Add(new(false, true, b, outFeatures, inFeatures, 1));  // y = x · Wᵀ
            s.Add(new(true, false, outFeatures, inFeatures, b, 1));  // dW = dyᵀ · x
            s.Add(new(false, false, b, inFeatures, outFeatures, 1)); // dx = dy · W
        }
        switch (id)
        {
            case "pitch-step-duration":
                Lstm(o.Window, 3, o.HiddenSize, false);
                Linear(o.HiddenSize, 128); Linear(o.HiddenSize, 1); Linear(o.HiddenSize, 1);
                break;
            case "chord-stacked-lstm":
                Lstm(o.Window, 1, o.HiddenSize, false); Lstm(o.Window, o.HiddenSize, o.HiddenSize2, true);
                Linear(o.HiddenSize2, o.DenseSize); Linear(o.DenseSize, o.VocabularySize);
                break;
            case "notes-and-chords":
                Lstm(o.Window, 1, o.HiddenSize, false); Lstm(o.Window, o.HiddenSize, o.HiddenSize2, true);
                Lstm(o.Window, o.HiddenSize2, o.HiddenSize2, true);
                Linear(o.HiddenSize2, o.DenseSize); Linear(o.DenseSize, o.VocabularySize);
                break;
            default: throw new ArgumentException($"unknown preset '{id}'", nameof(id));
        }
        return s;
    }

    /// <summary>GFLOP/s of the step's products: one untimed pass, then one timed pass, on the kernel threads as set.</summary>
    public static double Gflops(IReadOnlyList<Shape> shapes) => Measure(shapes).Total;

    /// <summary>
    /// The timed pass of <see cref="Gflops"/>, also per shape (GFLOP/s of each shape's <see cref="Shape.Repeat"/>
    /// products), so <c>bench train --profile</c> can show which products sit furthest from the peak.
    /// </summary>
    public static (double Total, double[] PerShape) Measure(IReadOnlyList<Shape> shapes)
    {
        var gen = new Generator(3);
        var buffers = shapes.Select(s => (A: Random(gen, s.M * s.K), B: Random(gen, s.K * s.N), C: new float[s.M * s.N])).ToArray();
        var seconds = new double[shapes.Count];
        void Pass()
        {
            for (int i = 0; i < shapes.Count; i++)
            {
                var (s, (a, b, c)) = (shapes[i], buffers[i]);
                var start = Stopwatch.GetTimestamp();
                for (int r = 0; r < s.Repeat; r++)
                    Gemm.Sgemm(s.TransA, s.TransB, s.M, s.N, s.K, 1f, a, s.TransA ? s.M : s.K, b, s.TransB ? s.K : s.N, 0f, c, s.N);
                seconds[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            }
        }
        Pass();
        Pass();
        var perShape = shapes.Select((s, i) => s.Flops / seconds[i] / 1e9).ToArray();
        return (shapes.Sum(s => s.Flops) / seconds.Sum() / 1e9, perShape);
    }

    static float[] Random(Generator gen, int n)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = gen.NextFloat() - 0.5f;
        return a;
    }
}
