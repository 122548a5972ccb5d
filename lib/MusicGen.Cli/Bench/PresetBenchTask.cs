using MusicGen.Models;
using MusicGen.Nn;
using MusicGen.Nn.Optim;

namespace MusicGen.Cli.Bench;

/// <summary>
/// A preset's own network, optimizer and loss at its default (paper) sizes on one fixed random batch of windows —
/// the shapes of the PyTorch peer (tests/MusicGen.Benchmarks/peers/torch_peer.py):
/// <c>pitch-step-duration</c> (B, 25, 3), LSTM 128, Adam 0.005; <c>chord-stacked-lstm</c> (B, 200, 1), LSTM 256 → 256,
/// Dense 512, V = 2000, Adam 0.001; <c>notes-and-chords</c> (B, 100, 1), LSTM 512 × 3, Dense 256, V = 358, dropout
/// 0.3, RMSprop 0.001. The peer's vocabulary sizes replace the corpus-derived ones (no data is read).
/// </summary>
internal sealed class PresetBenchTask : IBenchTask
{
    /// <summary>Vocabulary sizes the peer uses for the token presets.</summary>
    static readonly Dictionary<string, int> s_vocabulary = new() { ["chord-stacked-lstm"] = 2000, ["notes-and-chords"] = 358 };

    readonly Preset _preset;
    readonly WindowBatch _batch;

    public PresetBenchTask(string id, int batch)
    {
        _preset = Presets.Get(id);
        var o = _preset.Options;
        Configure(id, o);
        Model = _preset.CreateModel();
        Optimizer = _preset.CreateOptimizer(Model);
        _batch = RandomBatch(batch, o.Window, _preset.FeatureCount, o.VocabularySize, new Generator(0));
        FlopsPerStep = Flops(id, o, batch);
    }

    /// <summary>The options of preset <paramref name="id"/> as this benchmark runs it (seed 0, the peer's vocabulary).</summary>
    public static PresetOptions OptionsFor(string id)
    {
        var o = Presets.Get(id).Options;
        Configure(id, o);
        return o;
    }

    static void Configure(string id, PresetOptions o)
    {
        o.Seed = 0;
        if (s_vocabulary.TryGetValue(id, out var v)) o.VocabularySize = v;
    }

    public SequenceModel Model { get; }

    public Optimizer Optimizer { get; }

    public double FlopsPerStep { get; }

    public Tensor Loss() => _preset.Loss(Model, _batch);

    /// <summary>Raw rows as the corpus holds them: token ids below V for one-column presets; for
    /// pitch-step-duration a pitch 0–127 and uniform step and duration in [0, 1).</summary>
    static WindowBatch RandomBatch(int batch, int window, int features, int vocabulary, Generator gen)
    {
        var w = new WindowBatch(batch, window, features);
        for (int b = 0; b < batch; b++)
            for (int t = 0; t <= window; t++)
            {
                var row = w.Row(b, t);
                if (features == 1) row[0] = gen.NextInt(vocabulary);
                else
                {
                    row[0] = gen.NextInt(128);
                    for (int f = 1; f < features; f++) row[f] = gen.NextFloat();
                }
            }
        return w;
    }

    internal static double Flops(string id, PresetOptions o, int b) => id switch
    {
        "pitch-step-duration" => FlopCount.Lstm(o.Window, b, 3, o.HiddenSize, false)
                                 + FlopCount.Linear(b, o.HiddenSize, 128) + 2 * FlopCount.Linear(b, o.HiddenSize, 1),
        "chord-stacked-lstm" => FlopCount.Lstm(o.Window, b, 1, o.HiddenSize, false) + FlopCount.Lstm(o.Window, b, o.HiddenSize, o.HiddenSize2, true)
                                + FlopCount.Linear(b, o.HiddenSize2, o.DenseSize) + FlopCount.Linear(b, o.DenseSize, o.VocabularySize),
        "notes-and-chords" => FlopCount.Lstm(o.Window, b, 1, o.HiddenSize, false) + FlopCount.Lstm(o.Window, b, o.HiddenSize, o.HiddenSize2, true)
                              + FlopCount.Lstm(o.Window, b, o.HiddenSize2, o.HiddenSize2, true)
                              + FlopCount.Linear(b, o.HiddenSize2, o.DenseSize) + FlopCount.Linear(b, o.DenseSize, o.VocabularySize),
        _ => throw new ArgumentException($"unknown preset '{id}'", nameof(id)),
    };
}
