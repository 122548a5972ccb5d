using MusicGen.Nn;

namespace MusicGen.Models;

/// <summary>
/// The <see cref="ITrainingTask{TModel}"/> of window presets: every (song, target row t) pair is an example whose input is
/// rows t − Window … t − 1 (zeros before the song's start when the preset pads in front, as Lorinczi &amp;
/// Brailovsky do; otherwise t starts at Window, as Medisetty and the TF tutorial do). Windows never cross songs.
/// Split: in each song the examples whose target lies in the last <see cref="PresetOptions.ValidFraction"/> of
/// the song go to validation, so validation windows overlap training ones only at that border (a shuffled split
/// of stride-1 windows would put near-copies of every validation window into training).
/// </summary>
public sealed class WindowTask : ITrainingTask<SequenceModel>
{
    readonly Preset _preset;
    readonly EncodedCorpus _corpus, _validCorpus;
    readonly (int Song, int Target)[] _train, _valid;

    /// <summary>Windows of <paramref name="corpus"/> for <paramref name="preset"/> (its Window, ValidFraction, padding);
    /// with <paramref name="valid"/>, every window of <paramref name="corpus"/> trains and every window of
    /// <paramref name="valid"/> validates.</summary>
    public WindowTask(Preset preset, EncodedCorpus corpus, EncodedCorpus? valid = null)
    {
        ArgumentNullException.ThrowIfNull(preset);
        ArgumentNullException.ThrowIfNull(corpus);
        foreach (var c in valid is null ? [corpus] : new[] { corpus, valid })
            if (c.FeatureCount != preset.FeatureCount)
                throw new ArgumentException($"{preset.Id}: corpus rows have {c.FeatureCount} columns, the preset expects {preset.FeatureCount}", nameof(corpus));
        (_preset, _corpus, _validCorpus) = (preset, corpus, valid ?? corpus);
        int window = preset.Options.Window;
        if (window < 1) throw new ArgumentOutOfRangeException(nameof(preset), $"window must be ≥ 1, got {window}");
        int first = preset.PadFront ? 0 : window;
        var train = new List<(int, int)>();
        var validExamples = new List<(int, int)>();
        for (int s = 0; s < corpus.Songs.Count; s++)
        {
            int rows = corpus.Songs[s].GetLength(0);
            int count = Math.Max(0, rows - first);
            int nValid = valid is null && count >= 2 ? (int)Math.Floor(count * preset.Options.ValidFraction) : 0;
            for (int t = first; t < rows; t++) (t >= rows - nValid ? validExamples : train).Add((s, t));
        }
        if (valid is not null)
            for (int s = 0; s < valid.Songs.Count; s++)
                for (int t = first; t < valid.Songs[s].GetLength(0); t++) validExamples.Add((s, t));
        if (train.Count == 0)
            throw new ArgumentException($"{preset.Id}: no training windows — every song is shorter than window {window} + 1 rows ({corpus})", nameof(corpus));
        (_train, _valid) = (train.ToArray(), validExamples.ToArray());
    }

    /// <summary>The preset whose loss this task computes.</summary>
    public Preset Preset => _preset;

    /// <summary>The encoded songs.</summary>
    public EncodedCorpus Corpus => _corpus;

    /// <inheritdoc/>
    public int TrainCount => _train.Length;

    /// <inheritdoc/>
    public int ValidCount => _valid.Length;

    /// <inheritdoc/>
    public Tensor TrainLoss(SequenceModel model, ReadOnlySpan<int> indices) => _preset.Loss(model, Batch(_corpus, _train, indices));

    /// <inheritdoc/>
    public Tensor ValidLoss(SequenceModel model, ReadOnlySpan<int> indices) => _preset.Loss(model, Batch(_validCorpus, _valid, indices));

    /// <summary>The raw rows of training examples <paramref name="indices"/> (for inspection and tests).</summary>
    public WindowBatch TrainBatch(ReadOnlySpan<int> indices) => Batch(_corpus, _train, indices);

    WindowBatch Batch(EncodedCorpus corpus, (int Song, int Target)[] examples, ReadOnlySpan<int> indices)
    {
        int window = _preset.Options.Window, f = corpus.FeatureCount;
        var batch = new WindowBatch(indices.Length, window, f);
        for (int b = 0; b < indices.Length; b++)
        {
            if ((uint)indices[b] >= (uint)examples.Length) throw new ArgumentOutOfRangeException(nameof(indices), $"example {indices[b]} of {examples.Length}");
            var (song, target) = examples[indices[b]];
            var rows = corpus.Songs[song];
            for (int t = 0; t <= window; t++)
            {
                int r = target - window + t;
                if (r < 0) continue; // zero padding in front (WindowBatch starts zeroed)
                var dst = batch.Row(b, t);
                for (int c = 0; c < f; c++) dst[c] = rows[r, c];
            }
        }
        return batch;
    }

    /// <inheritdoc/>
    public override string ToString() => $"WindowTask({_preset.Id}, train={TrainCount}, valid={ValidCount}, window={_preset.Options.Window})";
}
