namespace MusicGen.Models;

/// <summary>
/// Parameter counts of layers by formula, so a preset can report its size without allocating it (chord-bilstm at
/// the paper's vocabulary has a V×V dense layer of ~472 M weights). PyTorch and Keras differ only in the LSTM
/// (PyTorch: b_ih and b_hh, 8H biases per direction; Keras: 4H) and BatchNorm (Keras counts the moving mean and
/// variance as non-trainable parameters; PyTorch keeps them as buffers).
/// </summary>
internal static class ParameterCounts
{
    /// <summary>One LSTM layer: 4H·(I + H) weights plus 8H (PyTorch) or 4H (Keras) biases, per direction.</summary>
    public static long Lstm(int input, int hidden, bool keras = false, bool bidirectional = false) =>
        (bidirectional ? 2L : 1L) * (4L * hidden * (input + hidden) + (keras ? 4L : 8L) * hidden);

    /// <summary>A dense layer with bias: in·out + out.</summary>
    public static long Linear(int input, int output) => (long)input * output + output;

    /// <summary>BatchNorm over <paramref name="features"/>: γ, β (+ moving mean and variance in Keras).</summary>
    public static long BatchNorm(int features, bool keras = false) => (keras ? 4L : 2L) * features;

    /// <summary>LayerNorm over <paramref name="features"/>: γ and β.</summary>
    public static long LayerNorm(int features) => 2L * features;

    /// <summary>Conv1d with bias: out·in·k + out.</summary>
    public static long Conv1d(int input, int output, int kernel) => (long)output * input * kernel + output;
}
