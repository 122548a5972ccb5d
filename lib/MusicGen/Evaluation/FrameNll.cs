namespace MusicGen.Evaluation;

/// <summary>
/// Frame-level negative log-likelihood of the polyphonic benchmarks (JSB Chorales, Nottingham,
/// Piano-midi.de, MuseData) exactly as SOURCES.md §6.1 defines it (locuslab/TCN
/// <c>poly_music/music_test.py</c>): for pieces s with T_s frames of K = 88 keys, the model predicts
/// frames 2 … T_s from frames 1 … T_s − 1 and
/// NLL = −(1 / Σ_s (T_s − 1)) · Σ_s Σ_t Σ_k [y ln p + (1 − y) ln(1 − p)],
/// i.e. the Bernoulli log-loss summed over the keys and averaged over all predicted frames pooled
/// across pieces (not a mean of per-piece means), in nats; the first frame of each piece is never
/// scored. Predicting p = 0.5 everywhere gives 88 · ln 2 ≈ 61.00 nats per frame.
/// </summary>
public static class FrameNll
{
    /// <summary>Keys per frame in the benchmarks (MIDI 21–108).</summary>
    public const int Keys = 88;

    /// <summary>
    /// Pooled frame NLL from probabilities. <paramref name="predictions"/>[s] holds the (T_s − 1) × K
    /// probabilities, row t predicting frame t + 1 of piece s; <paramref name="pieces"/>[s] is the
    /// T_s × K binary piece (row 0 is not scored). A probability of exactly 0 or 1 on the wrong
    /// side gives +∞, as the formula does.
    /// </summary>
    /// <returns>Nats per predicted frame; NaN when no frame is predicted.</returns>
    public static double FromProbabilities(IReadOnlyList<float[,]> predictions, IReadOnlyList<float[,]> pieces)
    {
        var (sum, frames) = Accumulate(predictions, pieces, static (p, y) =>
            y != 0 ? Math.Log(p) : Math.Log(1 - p));
        return frames == 0 ? double.NaN : -sum / frames;
    }

    /// <summary>
    /// The same NLL from logits z (p = σ(z)), numerically safe: ln σ(z) = −softplus(−z) and
    /// ln(1 − σ(z)) = −softplus(z), with softplus(x) = max(x, 0) + ln(1 + e^(−|x|)).
    /// </summary>
    public static double FromLogits(IReadOnlyList<float[,]> logits, IReadOnlyList<float[,]> pieces)
    {
        var (sum, frames) = Accumulate(logits, pieces, static (z, y) => y != 0 ? -Softplus(-z) : -Softplus(z));
        return frames == 0 ? double.NaN : -sum / frames;
    }

    /// <summary>
    /// The NLL of an ensemble of <paramref name="members"/> models that each give logits (as in
    /// <see cref="FromLogits"/>): the ensemble's probability of a key is the mean of its members' probabilities,
    /// p = (1/M) Σ_m σ(z_m), an equal-weight mixture, itself a model the §6.1 formula scores. Computed without
    /// rounding to 0 or 1: ln p = logsumexp_m(−softplus(−z_m)) − ln M and ln(1 − p) = logsumexp_m(−softplus(z_m)) − ln M.
    /// With one member this is <see cref="FromLogits"/>.
    /// </summary>
    public static double FromEnsembleLogits(IReadOnlyList<IReadOnlyList<float[,]>> members, IReadOnlyList<float[,]> pieces)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(pieces);
        if (members.Count == 0) throw new ArgumentException("an ensemble needs at least one member", nameof(members));
        int m = members.Count;
        double lnM = Math.Log(m);
        var terms = new double[m];
        double sum = 0;
        long frames = 0;
        for (var s = 0; s < pieces.Count; s++)
        {
            var y = pieces[s];
            int t = y.GetLength(0), k = y.GetLength(1);
            if (t == 0) continue;
            for (int i = 0; i < m; i++)
            {
                if (members[i].Count != pieces.Count) throw new ArgumentException($"Member {i}: got {members[i].Count} predictions for {pieces.Count} pieces.");
                var z = members[i][s];
                if (z.GetLength(0) != t - 1 || z.GetLength(1) != k)
                    throw new ArgumentException($"Member {i}, piece {s}: logits must be ({t - 1}, {k}), got ({z.GetLength(0)}, {z.GetLength(1)}).");
            }
            for (var r = 0; r < t - 1; r++)
                for (var j = 0; j < k; j++)
                {
                    bool on = y[r + 1, j] != 0;
                    double max = double.NegativeInfinity;
                    for (int i = 0; i < m; i++)
                    {
                        double z = members[i][s][r, j];
                        terms[i] = on ? -Softplus(-z) : -Softplus(z);   // ln σ(z) or ln(1 − σ(z)) of member i
                        if (terms[i] > max) max = terms[i];
                    }
                    double e = 0;
                    for (int i = 0; i < m; i++) e += Math.Exp(terms[i] - max);
                    sum += max + Math.Log(e) - lnM;
                }
            frames += t - 1;
        }
        return frames == 0 ? double.NaN : -sum / frames;
    }

    /// <summary>Pools per-piece (or per-batch) parts into the split's NLL: each part is its
    /// log-likelihood summed over scored frames and keys (nats) and its number of scored frames;
    /// the result is −Σ total / Σ frames, the pooled average of §6.1.</summary>
    public static double Pool(IEnumerable<(double total, long frames)> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        double sum = 0;
        long frames = 0;
        foreach (var (t, f) in parts)
        {
            sum += t;
            frames += f;
        }
        return frames == 0 ? double.NaN : -sum / frames;
    }

    /// <summary>softplus(x) = ln(1 + eˣ), without overflow.</summary>
    internal static double Softplus(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));

    private static (double Sum, long Frames) Accumulate(IReadOnlyList<float[,]> outputs, IReadOnlyList<float[,]> pieces, Func<double, float, double> term)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(pieces);
        if (outputs.Count != pieces.Count) throw new ArgumentException($"Got {outputs.Count} predictions for {pieces.Count} pieces.");
        double sum = 0;
        long frames = 0;
        for (var s = 0; s < pieces.Count; s++)
        {
            var y = pieces[s];
            var p = outputs[s];
            int t = y.GetLength(0), k = y.GetLength(1);
            if (t == 0) continue;
            if (p.GetLength(0) != t - 1 || p.GetLength(1) != k)
                throw new ArgumentException($"Piece {s}: predictions must be ({t - 1}, {k}) for a ({t}, {k}) piece (the first frame is not predicted), got ({p.GetLength(0)}, {p.GetLength(1)}).");
            for (var i = 0; i < t - 1; i++)
                for (var j = 0; j < k; j++) sum += term(p[i, j], y[i + 1, j]);
            frames += t - 1;
        }
        return (sum, frames);
    }
}
