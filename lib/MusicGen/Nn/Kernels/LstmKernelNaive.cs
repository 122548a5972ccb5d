namespace MusicGen.Nn.Kernels;

/// <summary>
/// The reference LSTM layer: per step, per element loops in double precision, written straight from
/// the PyTorch <c>nn.LSTM</c> equations (https://pytorch.org/docs/stable/generated/torch.nn.LSTM.html):
/// i = σ(W_ii x + b_ii + W_hi h + b_hi), f = σ(…), g = tanh(…), o = σ(…), c' = f⊙c + i⊙g, h' = o⊙tanh(c').
/// Same arguments, layout and workspace contents as <see cref="LstmKernel"/>, which is tested against it.
/// </summary>
internal static class LstmKernelNaive
{
    /// <summary>Forward pass of one direction; see <see cref="LstmKernel.Forward"/> for shapes.</summary>
    public static void Forward(LstmWorkspace workspace, int seqLen, int batch, int inputSize, int hiddenSize,
        ReadOnlySpan<float> x, ReadOnlySpan<float> wIh, ReadOnlySpan<float> wHh,
        ReadOnlySpan<float> bIh, ReadOnlySpan<float> bHh, ReadOnlySpan<float> h0, ReadOnlySpan<float> c0,
        Span<float> y, Span<float> hN, Span<float> cN, bool reverse = false)
    {
        LstmKernel.BeginForward(workspace, seqLen, batch, inputSize, hiddenSize, x, wIh, wHh, bIh, bHh, h0, c0, y, hN, cN, reverse);
        int T = seqLen, B = batch, I = inputSize, H = hiddenSize, G = 4 * H;
        var ws = workspace;
        var pre = new double[G];
        for (var s = 0; s < T; s++)
        {
            var t = reverse ? T - 1 - s : s;
            var prevT = reverse ? t + 1 : t - 1;
            ReadOnlySpan<float> hPrev = s == 0 ? ws.H0.AsSpan(0, B * H) : ws.Hidden.AsSpan(prevT * B * H, B * H);
            ReadOnlySpan<float> cPrev = s == 0 ? ws.C0.AsSpan(0, B * H) : ws.Cells.AsSpan(prevT * B * H, B * H);
            for (var b = 0; b < B; b++)
            {
                for (var r = 0; r < G; r++)
                {
                    double sum = ws.Bias[r];
                    for (var i = 0; i < I; i++) sum += (double)x[(t * B + b) * I + i] * wIh[r * I + i];
                    for (var j = 0; j < H; j++) sum += (double)hPrev[b * H + j] * wHh[r * H + j];
                    pre[r] = sum;
                }
                var gates = ws.Gates.AsSpan((t * B + b) * G, G);
                for (var j = 0; j < H; j++)
                {
                    double ig = Sigmoid(pre[j]), fg = Sigmoid(pre[H + j]), gg = Math.Tanh(pre[2 * H + j]), og = Sigmoid(pre[3 * H + j]);
                    var c = fg * cPrev[b * H + j] + ig * gg;
                    var h = og * Math.Tanh(c);
                    gates[j] = (float)ig;
                    gates[H + j] = (float)fg;
                    gates[2 * H + j] = (float)gg;
                    gates[3 * H + j] = (float)og;
                    ws.Cells[(t * B + b) * H + j] = (float)c;
                    ws.TanhCells[(t * B + b) * H + j] = (float)Math.Tanh(c);
                    ws.Hidden[(t * B + b) * H + j] = (float)h;
                }
            }
        }
        LstmKernel.EndForward(ws, y, hN, cN);
    }

    /// <summary>Backward pass of the stored forward pass; see <see cref="LstmKernel.Backward"/> for shapes.</summary>
    public static void Backward(LstmWorkspace workspace,
        ReadOnlySpan<float> x, ReadOnlySpan<float> wIh, ReadOnlySpan<float> wHh,
        ReadOnlySpan<float> dy, ReadOnlySpan<float> dhN, ReadOnlySpan<float> dcN,
        Span<float> dx, Span<float> dh0, Span<float> dc0,
        Span<float> dWIh, Span<float> dWHh, Span<float> dBIh, Span<float> dBHh)
    {
        LstmKernel.BeginBackward(workspace, x, wIh, wHh, dy, dhN, dcN, dx, dh0, dc0, dWIh, dWHh, dBIh, dBHh);
        var ws = workspace;
        int T = ws.SequenceLength, B = ws.BatchSize, I = ws.InputSize, H = ws.HiddenSize, G = 4 * H;
        var reverse = ws.Reverse;
        var dhNext = new double[B * H];
        var dcNext = new double[B * H];
        for (var e = 0; e < B * H; e++)
        {
            dhNext[e] = dhN.IsEmpty ? 0 : dhN[e];
            dcNext[e] = dcN.IsEmpty ? 0 : dcN[e];
        }
        var dPre = new double[B * G];
        for (var s = T - 1; s >= 0; s--)
        {
            var t = reverse ? T - 1 - s : s;
            var prevT = reverse ? t + 1 : t - 1;
            ReadOnlySpan<float> hPrev = s == 0 ? ws.H0.AsSpan(0, B * H) : ws.Hidden.AsSpan(prevT * B * H, B * H);
            ReadOnlySpan<float> cPrev = s == 0 ? ws.C0.AsSpan(0, B * H) : ws.Cells.AsSpan(prevT * B * H, B * H);
            for (var b = 0; b < B; b++)
            {
                var gates = ws.Gates.AsSpan((t * B + b) * G, G);
                for (var j = 0; j < H; j++)
                {
                    var e = b * H + j;
                    double ig = gates[j], fg = gates[H + j], gg = gates[2 * H + j], og = gates[3 * H + j];
                    var tc = Math.Tanh(ws.Cells[(t * B + b) * H + j]);
                    var dh = dhNext[e] + (dy.IsEmpty ? 0 : dy[(t * B + b) * H + j]);
                    var dc = dcNext[e] + dh * og * (1 - tc * tc);
                    dPre[b * G + j] = dc * gg * ig * (1 - ig);
                    dPre[b * G + H + j] = dc * cPrev[e] * fg * (1 - fg);
                    dPre[b * G + 2 * H + j] = dc * ig * (1 - gg * gg);
                    dPre[b * G + 3 * H + j] = dh * tc * og * (1 - og);
                    dcNext[e] = dc * fg;
                }
            }
            for (var b = 0; b < B; b++)
            {
                for (var k = 0; k < H; k++)
                {
                    double sum = 0;
                    for (var r = 0; r < G; r++) sum += dPre[b * G + r] * wHh[r * H + k];
                    dhNext[b * H + k] = sum;
                }
                if (!dx.IsEmpty)
                {
                    for (var i = 0; i < I; i++)
                    {
                        double sum = 0;
                        for (var r = 0; r < G; r++) sum += dPre[b * G + r] * wIh[r * I + i];
                        dx[(t * B + b) * I + i] = (float)sum;
                    }
                }
            }
            for (var r = 0; r < G; r++)
            {
                double db = 0;
                for (var b = 0; b < B; b++) db += dPre[b * G + r];
                if (!dBIh.IsEmpty) dBIh[r] += (float)db;
                if (!dBHh.IsEmpty) dBHh[r] += (float)db;
                if (!dWHh.IsEmpty)
                    for (var k = 0; k < H; k++)
                    {
                        double sum = 0;
                        for (var b = 0; b < B; b++) sum += dPre[b * G + r] * hPrev[b * H + k];
                        dWHh[r * H + k] += (float)sum;
                    }
                if (!dWIh.IsEmpty)
                    for (var i = 0; i < I; i++)
                    {
                        double sum = 0;
                        for (var b = 0; b < B; b++) sum += dPre[b * G + r] * x[(t * B + b) * I + i];
                        dWIh[r * I + i] += (float)sum;
                    }
            }
        }
        for (var e = 0; e < B * H; e++)
        {
            if (!dh0.IsEmpty) dh0[e] = (float)dhNext[e];
            if (!dc0.IsEmpty) dc0[e] = (float)dcNext[e];
        }
    }

    static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));
}
