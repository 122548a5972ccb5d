namespace MusicGen.Nn;

/// <summary>
/// One recorded operation: its backward rule, its output (and an optional second output, such as an LSTM's
/// final cell state), up to seven inputs in slots A..E, G, H (or an array for n-ary ops such as Cat), tensors
/// saved for the backward pass, op state, and a few scalar arguments. A struct in a reused array, so recording
/// an operation allocates nothing.
/// </summary>
internal struct TapeEntry
{
    public GradFn Op;
    public Tensor Output;
    public Tensor? Output2;
    public Tensor? A, B, C, D, E, G, H;
    public Tensor[]? Inputs;
    public Tensor? Saved0, Saved1, Saved2;
    public object? State;
    public float F0, F1;
    public int I0, I1, I2, I3;

    /// <summary>A loss's reduction (CrossEntropy, BCE with logits, MSE, MSE⁺); with <see cref="Reduction.Mean"/>,
    /// <see cref="Denominator"/> is what the sum was divided by.</summary>
    public Reduction Reduction;

    /// <summary>Softmax: true for LogSoftmax.</summary>
    public bool Log;

    /// <summary>A loss's divisor: the element count (or the summed class weights) for a mean, 1 for a sum.</summary>
    public float Denominator { readonly get => F0; set => F0 = value; }

    /// <summary>Number of input slots: the array length for n-ary ops, else seven (A..E, G, H, some null).</summary>
    public readonly int InputCount => Inputs?.Length ?? 7;

    public readonly Tensor? Input(int i) => Inputs is not null ? Inputs[i] : i switch { 0 => A, 1 => B, 2 => C, 3 => D, 4 => E, 5 => G, _ => H };
}
