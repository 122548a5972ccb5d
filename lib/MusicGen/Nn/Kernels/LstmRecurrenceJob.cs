namespace MusicGen.Nn.Kernels;

/// <summary>
/// The recurrence of one LSTM pass (every step's h·W_hhᵀ GEMM and cell forward, or cell backward and dGates·W_hh
/// backward) split by batch rows: each sequence of the batch depends only on its own previous state, so a share of
/// rows runs all T steps without waiting for the other threads. One fork-join per pass instead of two per step:
/// a small LSTM (pitch-step-duration: T 25, B 64, H 128, about 50 µs of work per step) spent a quarter of its
/// two-thread step in hand-offs, and on a machine shared with other load every hand-off can wait for a descheduled
/// worker. Shares are whole groups of <see cref="LstmCell.BiasGroupRows"/> rows, so the bias-gradient accumulators
/// and every other output have one writer, and each element is computed in the same order as on one thread.
/// </summary>
/// <remarks>Shapes as in <see cref="LstmKernel"/>: gates and dGates (T, B, 4H), states (T, B, H), h0/c0/dh/dc (B, H).</remarks>
internal sealed unsafe class LstmRecurrenceJob : KernelJob
{
    [ThreadStatic] static LstmRecurrenceJob? t_job;

    bool _backward, _reverse, _hasH0, _wantDh0;
    int _seqLen, _batch, _hidden, _input, _chunks, _next;
    PackedB _packed = null!;
    float* _x, _wIhT, _packedBuffer, _gates, _bias, _h0, _c0, _cells, _tanhCells, _hiddenStates, _dy, _dh, _dc, _dGates, _dBiasGroups;

    /// <summary>Shares of at least this many rows each; fewer rows run on one thread.</summary>
    const int MinRowsPerShare = 2 * LstmCell.BiasGroupRows;

    /// <summary>At most this many input features are projected inside the recurrence (<see cref="Forward"/> with x).</summary>
    public const int FusedInputMax = 4;

    /// <summary>
    /// Runs the forward recurrence. With <paramref name="x"/> (T, B, I) empty, ws.Gates holds the input projection of
    /// every step; otherwise each step's gates start as x_t·W_ihᵀ from ws.WIhT (I, 4H), computed by the thread that
    /// owns the rows right before the recurrent GEMM adds to them (I ≤ <see cref="FusedInputMax"/>).
    /// </summary>
    public static void Forward(LstmWorkspace ws, PackedB packedWhh, ReadOnlySpan<float> x)
    {
        int T = ws.SequenceLength, B = ws.BatchSize, H = ws.HiddenSize, G = 4 * H;
        var pp = packedWhh.Data;
        fixed (float* px = x, pw = ws.WIhT, pg = ws.Gates, pb = ws.Bias, ph0 = ws.H0, pc0 = ws.C0, pc = ws.Cells, ptc = ws.TanhCells, ph = ws.Hidden)
        {
            var job = t_job ??= new LstmRecurrenceJob();
            job._backward = false;
            job._x = px; job._wIhT = pw; job._input = ws.InputSize;
            job._packed = packedWhh; job._packedBuffer = pp;
            job._gates = pg; job._bias = pb; job._h0 = ph0; job._c0 = pc0; job._cells = pc; job._tanhCells = ptc; job._hiddenStates = ph;
            job._hasH0 = ws.HasH0;
            job.Start(T, B, H, ws.Reverse);
        }
    }

    /// <summary>Runs the backward recurrence: on entry ws.Dh/ws.Dc hold dL/dhN and dL/dcN; on exit dL/dh0 (when
    /// <paramref name="wantDh0"/>) and dL/dc0; dGates (T, B, 4H) and the bias groups are written.</summary>
    public static void Backward(LstmWorkspace ws, PackedB packedWhh, ReadOnlySpan<float> dy, Span<float> dGates, Span<float> dBiasGroups, bool wantDh0)
    {
        int T = ws.SequenceLength, B = ws.BatchSize, H = ws.HiddenSize;
        var pp = packedWhh.Data;
        fixed (float* pg = ws.Gates, pc0 = ws.C0, pc = ws.Cells, ptc = ws.TanhCells, pdy = dy, pdh = ws.Dh, pdc = ws.Dc,
               pdg = dGates, pdb = dBiasGroups)
        {
            var job = t_job ??= new LstmRecurrenceJob();
            job._backward = true;
            job._packed = packedWhh; job._packedBuffer = pp;
            job._gates = pg; job._c0 = pc0; job._cells = pc; job._tanhCells = ptc;
            job._dy = pdy; job._dh = pdh; job._dc = pdc; job._dGates = pdg; job._dBiasGroups = pdb;
            job._wantDh0 = wantDh0;
            job.Start(T, B, H, ws.Reverse);
        }
    }

    static int Groups(int batch) => (batch + LstmCell.BiasGroupRows - 1) / LstmCell.BiasGroupRows;

    void Start(int seqLen, int batch, int hidden, bool reverse)
    {
        (_seqLen, _batch, _hidden, _reverse) = (seqLen, batch, hidden, reverse);
        var parts = Math.Min(KernelThreads.Parallelism, batch / MinRowsPerShare);
        if (parts <= 1)
        {
            _chunks = 1;
            RunRows(0, batch);
            return;
        }
        // Shares are taken first-come. While W_hh fits half an L2, two shares per thread: one that is descheduled
        // for a while leaves its second share to the others. Above, one: every share streams all of W_hh from L3 each
        // step, so a share of B/2 rows reads it half as often per FLOP as two of B/4 (notes-and-chords, H 512, quiet
        // machine 2026-12-07: 0.915 against 0.911 steps/s, the caller waiting 13 against 31 ms a step).
        _chunks = Math.Min(Groups(batch), (LstmKernel.FitsHalfL2(hidden) ? 2 : 1) * parts);
        _next = 0;
        KernelThreads.Run(this, parts);
    }

    public override void Run(int part, int parts)
    {
        int chunk, groups = Groups(_batch);
        while ((chunk = Interlocked.Increment(ref _next) - 1) < _chunks)
        {
            int g0 = groups * chunk / _chunks, g1 = groups * (chunk + 1) / _chunks;
            int r0 = g0 * LstmCell.BiasGroupRows, r1 = Math.Min(_batch, g1 * LstmCell.BiasGroupRows);
            RunRows(r0, r1 - r0);
        }
    }

    /// <summary>All T steps for batch rows [r0, r0 + rows).</summary>
    void RunRows(int r0, int rows)
    {
        if (_backward) BackwardRows(r0, rows);
        else ForwardRows(r0, rows);
    }

    void ForwardRows(int r0, int rows)
    {
        int T = _seqLen, B = _batch, H = _hidden, G = 4 * H, BH = B * H, n = rows * H;
        long own = (long)r0 * H;
        for (var s = 0; s < T; s++)
        {
            var t = _reverse ? T - 1 - s : s;
            var prevT = _reverse ? t + 1 : t - 1;
            var hPrev = s == 0 ? _h0 + own : _hiddenStates + (long)prevT * BH + own;
            var cPrev = s == 0 ? _c0 + own : _cells + (long)prevT * BH + own;
            var gt = _gates + ((long)t * B + r0) * G;
            if (_x != null) Project(rows, _input, G, _x + ((long)t * B + r0) * _input, _wIhT, gt);
            // Recurrent term (rows, H)·(H, 4H) added to the input projection, skipped while h is the zero initial state.
            var phase = StepProfiler.Enter(StepProfiler.Phase.LstmRecurrentGemm);
            if (s > 0 || _hasH0) Gemm.SgemmPackedSolo(rows, G, H, 1f, hPrev, H, _packed, _packedBuffer, 1f, gt, G);
            StepProfiler.Enter(StepProfiler.Phase.LstmCellForward);
            long st = (long)t * BH + own;
            LstmCell.Forward(rows, H, new Span<float>(gt, rows * G), new ReadOnlySpan<float>(_bias, G), new ReadOnlySpan<float>(cPrev, n),
                new Span<float>(_cells + st, n), new Span<float>(_tanhCells + st, n), new Span<float>(_hiddenStates + st, n));
            StepProfiler.Exit(phase);
        }
    }

    /// <summary>
    /// gates (rows, G) = x (rows, I)·W_ihᵀ, W_ihᵀ stored (I, G): per gate column the sum over i in order, fused,
    /// as the input-projection GEMM (k = I) computes it.
    /// </summary>
    static void Project(int rows, int inputs, int g, float* x, float* wT, float* gates)
    {
        for (var r = 0; r < rows; r++)
        {
            var xr = x + (long)r * inputs;
            var dst = gates + (long)r * g;
            var c = 0;
            for (; c <= g - 8; c += 8)
            {
                var acc = System.Runtime.Intrinsics.Vector256.Create(xr[0]) * System.Runtime.Intrinsics.Vector256.Load(wT + c);
                for (var i = 1; i < inputs; i++)
                    acc = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(System.Runtime.Intrinsics.Vector256.Create(xr[i]),
                        System.Runtime.Intrinsics.Vector256.Load(wT + (long)i * g + c), acc);
                System.Runtime.Intrinsics.Vector256.Store(acc, dst + c);
            }
            for (; c < g; c++)
            {
                var sum = xr[0] * wT[c];
                for (var i = 1; i < inputs; i++) sum = MathF.FusedMultiplyAdd(xr[i], wT[(long)i * g + c], sum);
                dst[c] = sum;
            }
        }
    }

    void BackwardRows(int r0, int rows)
    {
        int T = _seqLen, B = _batch, H = _hidden, G = 4 * H, BH = B * H, n = rows * H;
        long own = (long)r0 * H;
        var dh = new Span<float>(_dh + own, n);
        var dc = new Span<float>(_dc + own, n);
        var groupsHere = (rows + LstmCell.BiasGroupRows - 1) / LstmCell.BiasGroupRows;
        var dbGroups = _dBiasGroups == null ? default
            : new Span<float>(_dBiasGroups + (long)(r0 / LstmCell.BiasGroupRows) * G, groupsHere * G);
        for (var s = T - 1; s >= 0; s--)
        {
            var t = _reverse ? T - 1 - s : s;
            var prevT = _reverse ? t + 1 : t - 1;
            var cPrev = s == 0 ? _c0 + own : _cells + (long)prevT * BH + own;
            long st = (long)t * BH + own;
            var dgt = _dGates + ((long)t * B + r0) * G;
            var phase = StepProfiler.Enter(StepProfiler.Phase.LstmCellBackward);
            LstmCell.Backward(rows, H, new ReadOnlySpan<float>(_gates + ((long)t * B + r0) * G, rows * G), new ReadOnlySpan<float>(_tanhCells + st, n),
                new ReadOnlySpan<float>(cPrev, n), _dy == null ? default : new ReadOnlySpan<float>(_dy + st, n), dh, dc,
                new Span<float>(dgt, rows * G), dbGroups, r0);
            // dh_prev (rows, H) = dGates_t (rows, 4H)·W_hh (4H, H); dc already holds dc_prev.
            StepProfiler.Enter(StepProfiler.Phase.LstmRecurrentGemmBackward);
            if (s > 0 || _wantDh0) Gemm.SgemmPackedSolo(rows, H, G, 1f, dgt, G, _packed, _packedBuffer, 0f, _dh + own, H);
            StepProfiler.Exit(phase);
        }
    }
}
