namespace MusicGen.Nn.Kernels;

/// <summary>
/// Naive references of the inference-only step kernels (<see cref="LstmStep"/>, <see cref="LinearStep"/>): the
/// textbook formulas of LSTM.cs and Linear.cs in double precision, one loop per output, no packing.
/// </summary>
internal static class StepNaive
{
    /// <summary>One LSTM step from PyTorch-layout weights wIh (4H, I), wHh (4H, H), biases (4H) or empty; updates h and c (H) in place.</summary>
    public static void Lstm(ReadOnlySpan<float> wIh, ReadOnlySpan<float> wHh, ReadOnlySpan<float> bIh, ReadOnlySpan<float> bHh,
        ReadOnlySpan<float> x, Span<float> h, Span<float> c)
    {
        int n = h.Length, inputs = x.Length;
        var gates = new double[4 * n];
        for (int row = 0; row < 4 * n; row++)
        {
            double s = (bIh.IsEmpty ? 0 : bIh[row]) + (bHh.IsEmpty ? 0 : bHh[row]);
            for (int k = 0; k < inputs; k++) s += (double)wIh[row * inputs + k] * x[k];
            for (int k = 0; k < n; k++) s += (double)wHh[row * n + k] * h[k];
            gates[row] = s;
        }
        for (int j = 0; j < n; j++)
        {
            double i = Sigmoid(gates[j]), f = Sigmoid(gates[n + j]), g = Math.Tanh(gates[2 * n + j]), o = Sigmoid(gates[3 * n + j]);
            double cNew = f * c[j] + i * g;
            c[j] = (float)cNew;
            h[j] = (float)(o * Math.Tanh(cNew));
        }
    }

    /// <summary>y = act(W x + b) with W (Out, In) row-major, b (Out) or empty.</summary>
    public static float[] Linear(ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, ReadOnlySpan<float> x, StepActivation activation)
    {
        int inputs = x.Length, outputs = weight.Length / inputs;
        var y = new float[outputs];
        for (int o = 0; o < outputs; o++)
        {
            double s = bias.IsEmpty ? 0 : bias[o];
            for (int k = 0; k < inputs; k++) s += (double)weight[o * inputs + k] * x[k];
            y[o] = (float)(activation switch { StepActivation.Relu => Math.Max(s, 0), StepActivation.Sigmoid => Sigmoid(s), _ => s });
        }
        return y;
    }

    static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
