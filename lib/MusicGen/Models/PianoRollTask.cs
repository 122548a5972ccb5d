using MusicGen.Data;
using MusicGen.Evaluation;
using MusicGen.Nn;

namespace MusicGen.Models;

/// <summary>
/// The training task of <c>pianoroll-lstm</c>: examples are whole pieces of 88-key binary frames; the loss is
/// the frame NLL of SOURCES.md §6.1 — Bernoulli log-loss summed over the 88 keys, averaged over all
/// predicted frames pooled across the batch's pieces, the first frame of each piece not scored.
/// </summary>
/// <remarks>
/// Batching: pieces of different lengths are right-padded to the longest and the padded frames get weight 0 in
/// the loss. The LSTM is causal, so the outputs at real frames never see padding and a batch's loss equals the
/// pooled NLL of its pieces exactly (Bai et al. train with one piece per step; batches are only faster).
/// A validation batch holding the whole split (<see cref="TrainerOptions.ValidBatchSize"/> ≥
/// <see cref="ValidCount"/>) therefore gives the split's §6.1 NLL. <see cref="Nll"/> computes it in double
/// precision through <see cref="FrameNll.FromLogits"/> for reporting.
/// </remarks>
public sealed class PianoRollTask : ITrainingTask<Module<Tensor, Tensor>>
{
    const int K = PianoRollDataset.Keys;
    readonly float[][] _train, _valid;   // per piece T·88 frames, row-major

    /// <param name="train">Training pieces, each (T, 88) binary frames; pieces shorter than 2 frames score nothing and are dropped.</param>
    /// <param name="valid">Validation pieces, same layout (may be empty).</param>
    public PianoRollTask(IReadOnlyList<float[,]> train, IReadOnlyList<float[,]> valid)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(valid);
        _train = Flatten(train, nameof(train));
        _valid = Flatten(valid, nameof(valid));
        if (_train.Length == 0) throw new ArgumentException("no training piece has 2 or more frames", nameof(train));
        TrainFrames = _train.Sum(p => p.Length / K - 1);
        ValidFrames = _valid.Sum(p => p.Length / K - 1);
    }

    /// <summary>The train and valid splits of a piano-roll benchmark (e.g. JSB Chorales: 229 and 76 pieces).</summary>
    public static PianoRollTask FromDataset(PianoRollDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return new PianoRollTask(Frames(dataset.Train), Frames(dataset.Valid));
    }

    /// <summary>
    /// A task over songs that have no benchmark split (MIDI corpora encoded by <see cref="PianoRollLstmPreset"/>):
    /// the last <paramref name="validFraction"/> of each song's frames is validation, as <see cref="WindowTask"/>
    /// splits; each part is cut into pieces of <paramref name="window"/> + 1 frames that overlap by one frame, so
    /// every frame after a part's first is predicted exactly once.
    /// </summary>
    public static PianoRollTask FromCorpus(IReadOnlyList<float[,]> songs, int window, double validFraction)
    {
        ArgumentNullException.ThrowIfNull(songs);
        if (window < 1) throw new ArgumentOutOfRangeException(nameof(window), $"window must be ≥ 1, got {window}");
        if (validFraction is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(validFraction), $"validFraction must be in [0, 1), got {validFraction}");
        var train = new List<float[,]>();
        var valid = new List<float[,]>();
        foreach (var song in songs)
        {
            int t = song.GetLength(0);
            if (song.GetLength(1) != K) throw new ArgumentException($"songs have {song.GetLength(1)} columns, expected {K}", nameof(songs));
            int nValid = t >= 4 ? (int)Math.Floor((t - 1) * validFraction) : 0;
            Chunks(song, 0, t - nValid, window, train);
            if (nValid > 0) Chunks(song, t - nValid - 1, t, window, valid);   // starts on the last training frame
        }
        return new PianoRollTask(train, valid);
    }

    static void Chunks(float[,] song, int from, int to, int window, List<float[,]> into)
    {
        for (int s = from; s < to - 1; s += window)
        {
            int n = Math.Min(window + 1, to - s);
            var piece = new float[n, K];
            for (int i = 0; i < n; i++)
                for (int k = 0; k < K; k++) piece[i, k] = song[s + i, k];
            into.Add(piece);
        }
    }

    /// <summary>Pieces of a split as (T, 88) frames (<see cref="PianoRollDataset.ToKeyFrames"/>).</summary>
    public static List<float[,]> Frames(IEnumerable<List<int[]>> pieces) => pieces.Select(PianoRollDataset.ToKeyFrames).ToList();

    public int TrainCount => _train.Length;

    public int ValidCount => _valid.Length;

    /// <summary>Predicted (scored) frames of the training split, Σ (T − 1).</summary>
    public long TrainFrames { get; }

    /// <summary>Predicted (scored) frames of the validation split.</summary>
    public long ValidFrames { get; }

    /// <summary>Length in frames of training piece <paramref name="index"/>.</summary>
    public int TrainLength(int index) => _train[index].Length / K;

    /// <summary>
    /// Data augmentation (off by default, 0): each training piece in each batch is transposed by a random whole
    /// number of semitones in [−TransposeRange, TransposeRange], limited so no note leaves the 88 keys. The shifts are
    /// drawn from <see cref="Torch.DefaultGenerator"/>, which the <see cref="Trainer"/> seeds per epoch, so runs stay
    /// reproducible and resumable. Validation and <see cref="Nll"/> never transpose. Not part of Bai et al.'s setup.
    /// </summary>
    public int TransposeRange { get; init; }

    public Tensor TrainLoss(Module<Tensor, Tensor> model, ReadOnlySpan<int> indices) =>
        BatchLoss(model, _train, indices, TransposeRange > 0 ? Shifts(indices) : null);

    public Tensor ValidLoss(Module<Tensor, Tensor> model, ReadOnlySpan<int> indices) => BatchLoss(model, _valid, indices);

    int[] Shifts(ReadOnlySpan<int> indices)
    {
        _keyRange ??= _train.Select(KeyRange).ToArray();
        var g = Torch.DefaultGenerator;
        var shifts = new int[indices.Length];
        for (int r = 0; r < indices.Length; r++)
        {
            var (lo, hi) = _keyRange[indices[r]];
            int down = Math.Min(TransposeRange, lo), up = Math.Min(TransposeRange, K - 1 - hi);
            shifts[r] = g.NextInt(down + up + 1) - down;
        }
        return shifts;
    }

    (int Lowest, int Highest)[]? _keyRange;

    static (int, int) KeyRange(float[] piece)
    {
        int lo = K, hi = -1;
        for (int i = 0; i < piece.Length; i++)
            if (piece[i] != 0) { lo = Math.Min(lo, i % K); hi = Math.Max(hi, i % K); }
        return hi < 0 ? (K - 1, 0) : (lo, hi);   // an all-rest piece: every shift leaves it unchanged
    }

    /// <summary>
    /// The pooled NLL of <paramref name="pieces"/>[indices] as a recorded scalar: Σ masked BCE (summed over keys and
    /// real frames) / Σ (T − 1). <paramref name="model"/> maps (B, T, 88) frames to (B, T, 88) logits.
    /// </summary>
    static Tensor BatchLoss(Module<Tensor, Tensor> model, float[][] pieces, ReadOnlySpan<int> indices, int[]? shifts = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (x, y, w, frames) = Batch(pieces, indices, shifts);
        var logits = model.Forward(x);
        var sum = F.BinaryCrossEntropyWithLogits(logits, y, weight: w, reduction: Reduction.Sum);
        return F.Mul(sum, 1f / frames);
    }

    /// <summary>Inputs (B, Tmax, 88) = frames 0 … T−2, targets = frames 1 … T−1, weights 1 on real frames, 0 on padding.</summary>
    static (Tensor X, Tensor Y, Tensor W, long Frames) Batch(float[][] pieces, ReadOnlySpan<int> indices, int[]? shifts = null)
    {
        if (indices.IsEmpty) throw new ArgumentException("empty batch", nameof(indices));
        int b = indices.Length, tMax = 0;
        long frames = 0;
        foreach (var i in indices)
        {
            if ((uint)i >= (uint)pieces.Length) throw new ArgumentOutOfRangeException(nameof(indices), $"piece {i} of {pieces.Length}");
            int t = pieces[i].Length / K - 1;
            tMax = Math.Max(tMax, t);
            frames += t;
        }
        var x = Tensor.Zeros(b, tMax, K);
        var y = Tensor.Zeros(b, tMax, K);
        var w = Tensor.Zeros(b, tMax, K);
        var xs = x.Data; var ys = y.Data; var ws = w.Data;
        for (int r = 0; r < b; r++)
        {
            var p = pieces[indices[r]];
            int n = (p.Length / K - 1) * K, o = r * tMax * K;
            ws.Slice(o, n).Fill(1f);
            int shift = shifts?[r] ?? 0;
            if (shift == 0)
            {
                p.AsSpan(0, n).CopyTo(xs.Slice(o, n));
                p.AsSpan(K, n).CopyTo(ys.Slice(o, n));
                continue;
            }
            // Transposed copy: key k → k + shift (the caller keeps every sounding key inside 0 … 87).
            int from = Math.Max(0, -shift), len = K - Math.Abs(shift);
            for (int f = 0; f < n; f += K)
            {
                p.AsSpan(f + from, len).CopyTo(xs.Slice(o + f + from + shift, len));
                p.AsSpan(K + f + from, len).CopyTo(ys.Slice(o + f + from + shift, len));
            }
        }
        return (x, y, w, frames);
    }

    /// <summary>
    /// Per piece, the (T − 1, 88) logits that predict frames 1 … T − 1, from batched forward passes under
    /// <see cref="Torch.NoGrad"/> with the model in evaluation mode (its previous mode is restored).
    /// </summary>
    public static List<float[,]> Logits(Module<Tensor, Tensor> model, IReadOnlyList<float[,]> pieces, int batchSize = 32)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize));
        ArgumentNullException.ThrowIfNull(model);
        var flat = pieces.Select(p => p.GetLength(0) < 2 ? null : ToFlat(p)).ToArray();
        var result = new float[pieces.Count][,];
        var usable = Enumerable.Range(0, pieces.Count).Where(i => flat[i] is not null).ToArray();
        var nonNull = flat.Select(f => f ?? Array.Empty<float>()).ToArray();
        bool wasTraining = model.Training;
        model.Eval();
        try
        {
            using var noGrad = Torch.NoGrad();
            for (int start = 0; start < usable.Length; start += batchSize)
            {
                var idx = usable.AsSpan(start, Math.Min(batchSize, usable.Length - start));
                var (x, _, _, _) = Batch(nonNull, idx);
                var z = model.Forward(x).Data;
                int tMax = x.Shape[1];
                for (int r = 0; r < idx.Length; r++)
                {
                    int t = nonNull[idx[r]].Length / K - 1;
                    var l = new float[t, K];
                    z.Slice(r * tMax * K, t * K).CopyTo(System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref l[0, 0], t * K));
                    result[idx[r]] = l;
                }
            }
        }
        finally
        {
            model.Train(wasTraining);
        }
        for (int i = 0; i < result.Length; i++) result[i] ??= new float[Math.Max(pieces[i].GetLength(0) - 1, 0), K];
        return result.ToList();
    }

    /// <summary>The frame NLL of SOURCES.md §6.1 of <paramref name="model"/> on <paramref name="pieces"/>
    /// (nats per predicted frame, pooled), computed by <see cref="FrameNll.FromLogits"/> in double precision.</summary>
    public static double Nll(Module<Tensor, Tensor> model, IReadOnlyList<float[,]> pieces, int batchSize = 32) =>
        FrameNll.FromLogits(Logits(model, pieces, batchSize), pieces);

    static float[][] Flatten(IReadOnlyList<float[,]> pieces, string name)
    {
        var list = new List<float[]>(pieces.Count);
        for (int i = 0; i < pieces.Count; i++)
        {
            var p = pieces[i] ?? throw new ArgumentException($"{name}[{i}] is null", name);
            if (p.GetLength(1) != K) throw new ArgumentException($"{name}[{i}] has {p.GetLength(1)} keys per frame, expected {K}", name);
            if (p.GetLength(0) >= 2) list.Add(ToFlat(p));
        }
        return list.ToArray();
    }

    static float[] ToFlat(float[,] p)
    {
        var f = new float[p.Length];
        System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref p[0, 0], p.Length).CopyTo(f);
        return f;
    }
}
