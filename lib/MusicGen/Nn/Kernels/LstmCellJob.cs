namespace MusicGen.Nn.Kernels;

/// <summary>
/// Runs <see cref="LstmCell"/> forward or backward for one step on all cores, split by batch rows.
/// The worker is still spinning from the step's GEMM, so the extra hand-off costs about a microsecond,
/// while the cell's transcendentals are a quarter to a third of a small LSTM's step.
/// </summary>
internal sealed unsafe class LstmCellJob : KernelJob
{
    /// <summary>Below this many (row, unit) elements one core does the step alone.</summary>
    const int ParallelElements = 2048;

    [ThreadStatic] static LstmCellJob? t_job;

    bool _backward;
    int _batch, _hidden, _chunks, _next;
    float* _gates, _bias, _cPrev, _c, _tc, _h, _dy, _dh, _dc, _dGates, _dBiasGroups;

    /// <summary><see cref="LstmCell.Forward"/>, in parallel when large enough.</summary>
    public static void Forward(int batch, int hidden, Span<float> gates, ReadOnlySpan<float> bias,
        ReadOnlySpan<float> cPrev, Span<float> c, Span<float> tc, Span<float> h)
    {
        var parts = Parts(batch, hidden);
        if (parts == 1)
        {
            LstmCell.Forward(batch, hidden, gates, bias, cPrev, c, tc, h);
            return;
        }
        fixed (float* pg = gates, pb = bias, pcp = cPrev, pc = c, ptc = tc, ph = h)
        {
            var job = t_job ??= new LstmCellJob();
            job._backward = false;
            job._gates = pg; job._bias = pb; job._cPrev = pcp; job._c = pc; job._tc = ptc; job._h = ph;
            job.Start(batch, hidden, parts);
        }
    }

    /// <summary><see cref="LstmCell.Backward"/>, in parallel when large enough; <paramref name="dBiasGroups"/>
    /// ((B + 7) / 8, 4H) accumulates dGates per group of 8 rows, or is empty.</summary>
    public static void Backward(int batch, int hidden, ReadOnlySpan<float> gates, ReadOnlySpan<float> tc,
        ReadOnlySpan<float> cPrev, ReadOnlySpan<float> dy, ReadOnlySpan<float> dh, Span<float> dc, Span<float> dGates,
        Span<float> dBiasGroups)
    {
        var parts = Parts(batch, hidden);
        if (parts == 1)
        {
            LstmCell.Backward(batch, hidden, gates, tc, cPrev, dy, dh, dc, dGates, dBiasGroups);
            return;
        }
        fixed (float* pg = gates, ptc = tc, pcp = cPrev, pdy = dy, pdh = dh, pdc = dc, pdg = dGates, pdb = dBiasGroups)
        {
            var job = t_job ??= new LstmCellJob();
            job._backward = true;
            job._gates = pg; job._tc = ptc; job._cPrev = pcp; job._dy = pdy; job._dh = pdh; job._dc = pdc; job._dGates = pdg;
            job._dBiasGroups = pdb;
            job.Start(batch, hidden, parts);
        }
    }

    static int Groups(int batch) => (batch + LstmCell.BiasGroupRows - 1) / LstmCell.BiasGroupRows;

    static int Parts(int batch, int hidden) =>
        batch >= 2 && batch * hidden >= ParallelElements ? Math.Min(KernelThreads.Parallelism, batch) : 1;

    void Start(int batch, int hidden, int parts)
    {
        _batch = batch;
        _hidden = hidden;
        // Chunks are whole groups of 8 rows, so each bias-gradient accumulator has one writer per step.
        _chunks = Math.Min(Groups(batch), 4 * parts);
        _next = 0;
        KernelThreads.Run(this, parts);
    }

    public override void Run(int part, int parts)
    {
        int chunk, H = _hidden, G = 4 * H;
        while ((chunk = Interlocked.Increment(ref _next) - 1) < _chunks)
        {
            int groups = Groups(_batch), g0 = groups * chunk / _chunks, g1 = groups * (chunk + 1) / _chunks;
            int r0 = g0 * LstmCell.BiasGroupRows, rows = Math.Min(_batch, g1 * LstmCell.BiasGroupRows) - r0;
            long gOff = (long)r0 * G, s0 = (long)r0 * H;
            int gn = rows * G, sn = rows * H;
            if (!_backward)
                LstmCell.Forward(rows, H, new Span<float>(_gates + gOff, gn), new ReadOnlySpan<float>(_bias, G),
                    new ReadOnlySpan<float>(_cPrev + s0, sn), new Span<float>(_c + s0, sn), new Span<float>(_tc + s0, sn), new Span<float>(_h + s0, sn));
            else
                LstmCell.Backward(rows, H, new ReadOnlySpan<float>(_gates + gOff, gn), new ReadOnlySpan<float>(_tc + s0, sn),
                    new ReadOnlySpan<float>(_cPrev + s0, sn), _dy == null ? default : new ReadOnlySpan<float>(_dy + s0, sn),
                    new ReadOnlySpan<float>(_dh + s0, sn), new Span<float>(_dc + s0, sn), new Span<float>(_dGates + gOff, gn),
                    _dBiasGroups == null ? default : new Span<float>(_dBiasGroups + (long)g0 * G, (g1 - g0) * G), r0);
        }
    }
}
