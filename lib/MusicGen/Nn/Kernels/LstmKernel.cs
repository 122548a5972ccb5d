using System.Numerics.Tensors;

namespace MusicGen.Nn.Kernels;

/// <summary>
/// One direction of one LSTM layer over a whole sequence, forward and backward, with PyTorch's
/// semantics and weight layout (https://pytorch.org/docs/stable/generated/torch.nn.LSTM.html).
/// </summary>
/// <remarks>
/// <para>Shapes (row-major, time-major): T = sequence length, B = batch, I = input size, H = hidden size, G = 4H.
/// x (T, B, I); y (T, B, H); h0, c0, hN, cN (B, H); W_ih (G, I); W_hh (G, H); b_ih, b_hh (G); gate rows in
/// PyTorch order i, f, g, o. A batch-first (B, T, ·) tensor must be transposed by the caller.</para>
/// <para>Why time-major: the input projection of all steps is ONE GEMM X (T·B, I)·W_ihᵀ into a (T·B, G)
/// gate buffer, and each step's slice of that buffer, of the states and of the output is contiguous,
/// so the per-step recurrent GEMM h (B, H)·W_hhᵀ adds straight into it.</para>
/// <para>The recurrence runs on all cores (<see cref="KernelThreads"/>), split by batch rows for all steps at once
/// (<see cref="LstmRecurrenceJob"/>), or (for comparison) step by step with each GEMM and cell split; W_hh is packed
/// once per call into the workspace, so with fixed shapes a training loop allocates nothing here.</para>
/// <para>Empty spans mean "absent": a missing h0/c0/dhN/dcN/dy is zeros, a missing bias is zero, a
/// missing output (y, hN, cN, dx, dh0, dc0, a weight gradient) is not computed.</para>
/// </remarks>
internal static class LstmKernel
{
    /// <summary>
    /// Runs the layer over the sequence and stores what <see cref="Backward"/> needs in <paramref name="workspace"/>.
    /// With <paramref name="reverse"/> it processes t = T−1 … 0 (the second direction of a bidirectional
    /// LSTM); y[t] is still the output at time t.
    /// </summary>
    /// <param name="workspace">Receives gates and states of this pass; reused across calls.</param>
    /// <param name="seqLen">T.</param>
    /// <param name="batch">B.</param>
    /// <param name="inputSize">I.</param>
    /// <param name="hiddenSize">H.</param>
    /// <param name="x">Input, (T, B, I).</param>
    /// <param name="wIh">W_ih, (4H, I).</param>
    /// <param name="wHh">W_hh, (4H, H).</param>
    /// <param name="bIh">b_ih, (4H), or empty.</param>
    /// <param name="bHh">b_hh, (4H), or empty.</param>
    /// <param name="h0">Initial hidden state, (B, H), or empty for zeros.</param>
    /// <param name="c0">Initial cell state, (B, H), or empty for zeros.</param>
    /// <param name="y">Output hidden states, (T, B, H), or empty.</param>
    /// <param name="hN">Final hidden state (after the last processed step), (B, H), or empty.</param>
    /// <param name="cN">Final cell state, (B, H), or empty.</param>
    /// <param name="reverse">Process the sequence from its end.</param>
    public static void Forward(LstmWorkspace workspace, int seqLen, int batch, int inputSize, int hiddenSize,
        ReadOnlySpan<float> x, ReadOnlySpan<float> wIh, ReadOnlySpan<float> wHh,
        ReadOnlySpan<float> bIh, ReadOnlySpan<float> bHh, ReadOnlySpan<float> h0, ReadOnlySpan<float> c0,
        Span<float> y, Span<float> hN, Span<float> cN, bool reverse = false)
    {
        var outer = StepProfiler.Enter(StepProfiler.Phase.LstmOther);
        BeginForward(workspace, seqLen, batch, inputSize, hiddenSize, x, wIh, wHh, bIh, bHh, h0, c0, y, hN, cN, reverse);
        var ws = workspace;
        int T = seqLen, B = batch, I = inputSize, H = hiddenSize, G = 4 * H, BH = B * H;
        var gates = ws.Gates.AsSpan(0, T * B * G);
        var byRows = RecurrenceByRows();
        // Input projection of every step at once, (T·B, I)·(I, G); with a few input features (I ≤ 4) the recurrence
        // by rows computes each step's share instead, so the (T, B, 4H) gate buffer is not written twice.
        var fuseInput = byRows && I <= LstmRecurrenceJob.FusedInputMax;
        StepProfiler.Enter(StepProfiler.Phase.LstmInputGemm);
        if (fuseInput)
        {
            var wT = ws.WIhT.AsSpan(0, I * G);
            for (var g = 0; g < G; g++)
                for (var i = 0; i < I; i++) wT[i * G + g] = wIh[g * I + i];
        }
        else Gemm.Sgemm(false, true, T * B, G, I, 1f, x, I, wIh, I, 0f, gates, G);
        StepProfiler.Enter(StepProfiler.Phase.LstmOther);
        var packedWhh = Gemm.PackB(true, H, G, wHh, H, ws.PackedForward);
        if (byRows)
        {
            StepProfiler.Enter(StepProfiler.Phase.LstmRecurrence);
            LstmRecurrenceJob.Forward(ws, packedWhh, fuseInput ? x : default);
        }
        else for (var s = 0; s < T; s++)
        {
            var t = reverse ? T - 1 - s : s;
            var prevT = reverse ? t + 1 : t - 1;
            ReadOnlySpan<float> hPrev = s == 0 ? ws.H0.AsSpan(0, BH) : ws.Hidden.AsSpan(prevT * BH, BH);
            ReadOnlySpan<float> cPrev = s == 0 ? ws.C0.AsSpan(0, BH) : ws.Cells.AsSpan(prevT * BH, BH);
            var gt = gates.Slice(t * B * G, B * G);
            // Recurrent term (B, H)·(H, G), skipped when h is still the zero initial state.
            StepProfiler.Enter(StepProfiler.Phase.LstmRecurrentGemm);
            if (s > 0 || ws.HasH0) Gemm.SgemmPacked(B, G, H, 1f, hPrev, H, packedWhh, 1f, gt, G);
            StepProfiler.Enter(StepProfiler.Phase.LstmCellForward);
            LstmCellJob.Forward(B, H, gt, ws.Bias.AsSpan(0, G), cPrev,
                ws.Cells.AsSpan(t * BH, BH), ws.TanhCells.AsSpan(t * BH, BH), ws.Hidden.AsSpan(t * BH, BH));
        }
        StepProfiler.Enter(StepProfiler.Phase.LstmOther);
        EndForward(ws, y, hN, cN);
        StepProfiler.Exit(outer);
    }

    /// <summary>
    /// Back-propagates through the pass stored in <paramref name="workspace"/> (BPTT over all steps).
    /// dx, dh0 and dc0 are OVERWRITTEN; dW_ih, dW_hh, db_ih and db_hh are ACCUMULATED (+=), as PyTorch
    /// accumulates into <c>.grad</c>, so zero them before the first backward of a step.
    /// </summary>
    /// <param name="workspace">Holds the forward pass (same shapes, same direction).</param>
    /// <param name="x">The forward input, (T, B, I).</param>
    /// <param name="wIh">W_ih, (4H, I), as in the forward pass.</param>
    /// <param name="wHh">W_hh, (4H, H), as in the forward pass.</param>
    /// <param name="dy">Gradient of the loss w.r.t. y, (T, B, H), or empty for zeros.</param>
    /// <param name="dhN">Gradient w.r.t. hN, (B, H), or empty.</param>
    /// <param name="dcN">Gradient w.r.t. cN, (B, H), or empty.</param>
    /// <param name="dx">Receives dL/dx, (T, B, I), or empty to skip (a first layer's input needs none).</param>
    /// <param name="dh0">Receives dL/dh0, (B, H), or empty.</param>
    /// <param name="dc0">Receives dL/dc0, (B, H), or empty.</param>
    /// <param name="dWIh">Accumulates dL/dW_ih, (4H, I), or empty.</param>
    /// <param name="dWHh">Accumulates dL/dW_hh, (4H, H), or empty.</param>
    /// <param name="dBIh">Accumulates dL/db_ih, (4H), or empty.</param>
    /// <param name="dBHh">Accumulates dL/db_hh, (4H), or empty (equal to dL/db_ih: both biases enter the same sum).</param>
    public static void Backward(LstmWorkspace workspace,
        ReadOnlySpan<float> x, ReadOnlySpan<float> wIh, ReadOnlySpan<float> wHh,
        ReadOnlySpan<float> dy, ReadOnlySpan<float> dhN, ReadOnlySpan<float> dcN,
        Span<float> dx, Span<float> dh0, Span<float> dc0,
        Span<float> dWIh, Span<float> dWHh, Span<float> dBIh, Span<float> dBHh)
    {
        var outer = StepProfiler.Enter(StepProfiler.Phase.LstmOther);
        BeginBackward(workspace, x, wIh, wHh, dy, dhN, dcN, dx, dh0, dc0, dWIh, dWHh, dBIh, dBHh);
        var ws = workspace;
        int T = ws.SequenceLength, B = ws.BatchSize, I = ws.InputSize, H = ws.HiddenSize, G = 4 * H, BH = B * H;
        var reverse = ws.Reverse;
        var dh = ws.Dh.AsSpan(0, BH);
        var dc = ws.Dc.AsSpan(0, BH);
        if (dhN.IsEmpty) dh.Clear(); else dhN[..BH].CopyTo(dh);
        if (dcN.IsEmpty) dc.Clear(); else dcN[..BH].CopyTo(dc);
        var dGates = ws.DGates.AsSpan(0, T * B * G);
        var packedWhh = Gemm.PackB(false, G, H, wHh, H, ws.PackedBackward);
        // db = Σ over all T·B rows of dGates, accumulated by the cell per group of 8 rows while each row is in L1.
        var wantDb = !dBIh.IsEmpty || !dBHh.IsEmpty;
        var groups = (B + LstmCell.BiasGroupRows - 1) / LstmCell.BiasGroupRows;
        var dbGroups = wantDb ? ws.DBiasGroups.AsSpan(0, groups * G) : default;
        dbGroups.Clear();
        if (RecurrenceByRows())
        {
            StepProfiler.Enter(StepProfiler.Phase.LstmRecurrenceBackward);
            LstmRecurrenceJob.Backward(ws, packedWhh, dy, dGates, dbGroups, !dh0.IsEmpty);
        }
        else for (var s = T - 1; s >= 0; s--)
        {
            var t = reverse ? T - 1 - s : s;
            var prevT = reverse ? t + 1 : t - 1;
            ReadOnlySpan<float> cPrev = s == 0 ? ws.C0.AsSpan(0, BH) : ws.Cells.AsSpan(prevT * BH, BH);
            var dgt = dGates.Slice(t * B * G, B * G);
            StepProfiler.Enter(StepProfiler.Phase.LstmCellBackward);
            LstmCellJob.Backward(B, H, ws.Gates.AsSpan(t * B * G, B * G), ws.TanhCells.AsSpan(t * BH, BH), cPrev,
                dy.IsEmpty ? default : dy.Slice(t * BH, BH), dh, dc, dgt, dbGroups);
            // dh_prev (B, H) = dGates_t (B, G)·W_hh (G, H); dc already holds dc_prev.
            StepProfiler.Enter(StepProfiler.Phase.LstmRecurrentGemmBackward);
            if (s > 0 || !dh0.IsEmpty) Gemm.SgemmPacked(B, H, G, 1f, dgt, G, packedWhh, 0f, dh, H);
        }
        StepProfiler.Enter(StepProfiler.Phase.LstmWeightGemms);
        if (!dh0.IsEmpty) dh.CopyTo(dh0);
        if (!dc0.IsEmpty) dc.CopyTo(dc0);
        // Weight gradients over all steps as big GEMMs (T·B is the summed dimension).
        if (!dx.IsEmpty) Gemm.Sgemm(false, false, T * B, I, G, 1f, dGates, G, wIh, I, 0f, dx, I);
        StepProfiler.Enter(StepProfiler.Phase.LstmInputWeightGemm);
        if (!dWIh.IsEmpty) Gemm.Sgemm(true, false, G, I, T * B, 1f, dGates, G, x, I, 1f, dWIh, I);
        StepProfiler.Enter(StepProfiler.Phase.LstmRecurrentWeightGemm);
        if (!dWHh.IsEmpty)
        {
            // Step t pairs dGates[t] with h[t−1] (h[t+1] in reverse); the first processed step pairs with h0.
            var first = reverse ? T - 1 : 0;
            if (T > 1)
            {
                var dgFrom = reverse ? 0 : B * G;
                var hFrom = reverse ? BH : 0;
                Gemm.Sgemm(true, false, G, H, (T - 1) * B, 1f, dGates[dgFrom..], G, ws.Hidden.AsSpan(hFrom), H, 1f, dWHh, H);
            }
            if (ws.HasH0)
                Gemm.Sgemm(true, false, G, H, B, 1f, dGates.Slice(first * B * G, B * G), G, ws.H0.AsSpan(0, BH), H, 1f, dWHh, H);
        }
        StepProfiler.Enter(StepProfiler.Phase.LstmOther);
        if (wantDb)
        {
            var db = ws.Scratch.AsSpan(0, G);
            db.Clear();
            for (var group = 0; group < groups; group++) TensorPrimitives.Add(db, dbGroups.Slice(group * G, G), db);
            if (!dBIh.IsEmpty) TensorPrimitives.Add(dBIh[..G], db, dBIh[..G]);
            if (!dBHh.IsEmpty) TensorPrimitives.Add(dBHh[..G], db, dBHh[..G]);
        }
        StepProfiler.Exit(outer);
    }

    /// <summary>Which recurrence runs on this thread: null takes the default (see <see cref="RecurrenceByRows"/>); tests force each.</summary>
    [ThreadStatic] internal static bool? ForceRowSplit;

    /// <summary>MUSICGEN_LSTM_SPLIT=rows or steps forces one recurrence in a whole process (to compare them in benchmarks).</summary>
    static readonly bool? s_envRowSplit = Environment.GetEnvironmentVariable("MUSICGEN_LSTM_SPLIT") switch { "rows" => true, "steps" => false, _ => null };

    /// <summary>
    /// Whether the recurrence runs as one <see cref="LstmRecurrenceJob"/> split by batch rows (true, the default) or
    /// step by step with each step's GEMM and cell split over the threads (false; tests and MUSICGEN_LSTM_SPLIT=steps
    /// keep it for comparison). By rows, every thread reads all of the packed W_hh (16·H² bytes) each step, by steps
    /// half of it; but by steps each step's gates cross between the cores twice (GEMM split by columns, cell by rows)
    /// and each step is two fork-joins. Measured side by side on the quiet 2-core VM (2026-12-07, load 2.5–5, other
    /// jobs stopped): notes-and-chords (H 512) 0.839 steps/s by steps, 0.915 by rows; chord-stacked-lstm (H 256) 2.628
    /// and 2.773; pitch-step-duration (H 128) ran 1.2–2.1× faster by rows at load 20–35 (2026-12-06). On a loaded
    /// machine a worker descheduled inside its share keeps the caller waiting for the rest of it, where step by step
    /// the caller takes over the next small chunks; for H 256 at load 30 whole steps were not reliably faster either way.
    /// </summary>
    internal static bool RecurrenceByRows() => ForceRowSplit ?? s_envRowSplit ?? true;

    /// <summary>Whether the packed W_hh (16·H² bytes) fits half of a 1 MB L2, so each thread of the recurrence by rows
    /// keeps it in its own cache (H ≤ 181).</summary>
    internal static bool FitsHalfL2(int hidden) => 16L * hidden * hidden <= HalfL2Bytes;

    const long HalfL2Bytes = 512 * 1024;

    /// <summary>Validates forward arguments and fills the workspace's shape, h0, c0 and bias.</summary>
    internal static void BeginForward(LstmWorkspace ws, int seqLen, int batch, int inputSize, int hiddenSize,
        ReadOnlySpan<float> x, ReadOnlySpan<float> wIh, ReadOnlySpan<float> wHh,
        ReadOnlySpan<float> bIh, ReadOnlySpan<float> bHh, ReadOnlySpan<float> h0, ReadOnlySpan<float> c0,
        Span<float> y, Span<float> hN, Span<float> cN, bool reverse)
    {
        ArgumentNullException.ThrowIfNull(ws);
        if (seqLen < 1) throw new ArgumentOutOfRangeException(nameof(seqLen), seqLen, "The sequence length T must be ≥ 1.");
        if (batch < 1) throw new ArgumentOutOfRangeException(nameof(batch), batch, "The batch size B must be ≥ 1.");
        if (inputSize < 1) throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "The input size I must be ≥ 1.");
        if (hiddenSize < 1) throw new ArgumentOutOfRangeException(nameof(hiddenSize), hiddenSize, "The hidden size H must be ≥ 1.");
        int T = seqLen, B = batch, I = inputSize, H = hiddenSize, G = 4 * H, BH = B * H;
        Need(x.Length, (long)T * B * I, nameof(x), "(T, B, I)", false);
        Need(wIh.Length, (long)G * I, nameof(wIh), "(4H, I)", false);
        Need(wHh.Length, (long)G * H, nameof(wHh), "(4H, H)", false);
        Need(bIh.Length, G, nameof(bIh), "(4H)", true);
        Need(bHh.Length, G, nameof(bHh), "(4H)", true);
        Need(h0.Length, BH, nameof(h0), "(B, H)", true);
        Need(c0.Length, BH, nameof(c0), "(B, H)", true);
        Need(y.Length, (long)T * BH, nameof(y), "(T, B, H)", true);
        Need(hN.Length, BH, nameof(hN), "(B, H)", true);
        Need(cN.Length, BH, nameof(cN), "(B, H)", true);
        ws.Prepare(T, B, I, H, reverse);
        ws.HasH0 = !h0.IsEmpty;
        if (h0.IsEmpty) ws.H0.AsSpan(0, BH).Clear(); else h0[..BH].CopyTo(ws.H0);
        if (c0.IsEmpty) ws.C0.AsSpan(0, BH).Clear(); else c0[..BH].CopyTo(ws.C0);
        var bias = ws.Bias.AsSpan(0, G);
        bias.Clear();
        if (!bIh.IsEmpty) TensorPrimitives.Add(bias, bIh[..G], bias);
        if (!bHh.IsEmpty) TensorPrimitives.Add(bias, bHh[..G], bias);
        ws.HasBias = !bIh.IsEmpty || !bHh.IsEmpty;
    }

    /// <summary>Copies the stored states to the caller's outputs and marks the pass complete.</summary>
    internal static void EndForward(LstmWorkspace ws, Span<float> y, Span<float> hN, Span<float> cN)
    {
        int T = ws.SequenceLength, BH = ws.BatchSize * ws.HiddenSize;
        var last = ws.Reverse ? 0 : T - 1;
        if (!y.IsEmpty) ws.Hidden.AsSpan(0, T * BH).CopyTo(y);
        if (!hN.IsEmpty) ws.Hidden.AsSpan(last * BH, BH).CopyTo(hN);
        if (!cN.IsEmpty) ws.Cells.AsSpan(last * BH, BH).CopyTo(cN);
        ws.HasForward = true;
    }

    /// <summary>Validates backward arguments against the stored pass and sizes the scratch buffers.</summary>
    internal static void BeginBackward(LstmWorkspace ws,
        ReadOnlySpan<float> x, ReadOnlySpan<float> wIh, ReadOnlySpan<float> wHh,
        ReadOnlySpan<float> dy, ReadOnlySpan<float> dhN, ReadOnlySpan<float> dcN,
        Span<float> dx, Span<float> dh0, Span<float> dc0,
        Span<float> dWIh, Span<float> dWHh, Span<float> dBIh, Span<float> dBHh)
    {
        ArgumentNullException.ThrowIfNull(ws);
        if (!ws.HasForward)
            throw new InvalidOperationException("LstmKernel.Backward: the workspace holds no forward pass; call Forward with it first.");
        int T = ws.SequenceLength, B = ws.BatchSize, I = ws.InputSize, H = ws.HiddenSize, G = 4 * H, BH = B * H;
        Need(x.Length, (long)T * B * I, nameof(x), "(T, B, I)", false);
        Need(wIh.Length, (long)G * I, nameof(wIh), "(4H, I)", false);
        Need(wHh.Length, (long)G * H, nameof(wHh), "(4H, H)", false);
        Need(dy.Length, (long)T * BH, nameof(dy), "(T, B, H)", true);
        Need(dhN.Length, BH, nameof(dhN), "(B, H)", true);
        Need(dcN.Length, BH, nameof(dcN), "(B, H)", true);
        Need(dx.Length, (long)T * B * I, nameof(dx), "(T, B, I)", true);
        Need(dh0.Length, BH, nameof(dh0), "(B, H)", true);
        Need(dc0.Length, BH, nameof(dc0), "(B, H)", true);
        Need(dWIh.Length, (long)G * I, nameof(dWIh), "(4H, I)", true);
        Need(dWHh.Length, (long)G * H, nameof(dWHh), "(4H, H)", true);
        Need(dBIh.Length, G, nameof(dBIh), "(4H)", true);
        Need(dBHh.Length, G, nameof(dBHh), "(4H)", true);
        ws.PrepareBackward();
    }

    static void Need(int length, long needed, string name, string shape, bool optional)
    {
        if (optional && length == 0) return;
        if (length < needed)
            throw new ArgumentException(
                $"{name}: holds {length} elements but shape {shape} needs {needed}" + (optional ? " (or pass an empty span)." : "."), name);
    }
}
