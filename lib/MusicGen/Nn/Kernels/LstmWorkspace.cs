namespace MusicGen.Nn.Kernels;

/// <summary>
/// What one LSTM direction keeps between <see cref="LstmKernel.Forward"/> and
/// <see cref="LstmKernel.Backward"/>, plus scratch space. Buffers grow on demand and are reused, so a
/// training loop with fixed shapes allocates nothing after its first step.
/// </summary>
/// <remarks>
/// One workspace holds ONE forward pass: a stacked or bidirectional LSTM needs one workspace per
/// layer and direction, and a second <c>Forward</c> on the same workspace replaces the first
/// (call <c>Backward</c> before that). Layout is time-major; T = sequence length, B = batch, H = hidden size.
/// </remarks>
internal sealed class LstmWorkspace
{
    /// <summary>T of the stored forward pass.</summary>
    public int SequenceLength { get; private set; }

    /// <summary>B of the stored forward pass.</summary>
    public int BatchSize { get; private set; }

    /// <summary>I of the stored forward pass.</summary>
    public int InputSize { get; private set; }

    /// <summary>H of the stored forward pass.</summary>
    public int HiddenSize { get; private set; }

    /// <summary>Whether the stored pass ran t = T−1 … 0 (the backward half of a bidirectional LSTM).</summary>
    public bool Reverse { get; private set; }

    /// <summary>Whether a forward pass is stored (set by Forward, required by Backward).</summary>
    public bool HasForward { get; internal set; }

    /// <summary>Gates after their nonlinearity, (T, B, 4H) in PyTorch order i, f, g, o.</summary>
    internal readonly AlignedBuffer Gates = new();

    /// <summary>Cell state after each step, (T, B, H).</summary>
    internal readonly AlignedBuffer Cells = new();

    /// <summary>tanh of the cell state after each step, (T, B, H), kept so backward needs no transcendental.</summary>
    internal readonly AlignedBuffer TanhCells = new();

    /// <summary>Hidden state after each step, (T, B, H); the layer's output sequence.</summary>
    internal readonly AlignedBuffer Hidden = new();

    /// <summary>Initial hidden and cell state, (B, H) each; zeros when none was given.</summary>
    internal readonly AlignedBuffer H0 = new(), C0 = new();

    /// <summary>Whether h0 was given and non-empty (zero h0 adds nothing to dW_hh).</summary>
    internal bool HasH0;

    /// <summary>Scratch for backward: gate pre-activation gradients (T, B, 4H).</summary>
    internal readonly AlignedBuffer DGates = new();

    /// <summary>Scratch for backward: running dh and dc, (B, H) each, and tanh(c) for one step (B, H).</summary>
    internal readonly AlignedBuffer Dh = new(), Dc = new(), Scratch = new();

    /// <summary>Scratch for backward: bias-gradient partial sums per group of 8 batch rows, (⌈B/8⌉, 4H).</summary>
    internal readonly AlignedBuffer DBiasGroups = new();

    /// <summary>W_ihᵀ, (I, 4H), when the input projection runs inside the recurrence (I ≤ <see cref="LstmRecurrenceJob.FusedInputMax"/>).</summary>
    internal readonly AlignedBuffer WIhT = new();

    /// <summary>Combined bias b_ih + b_hh, (4H).</summary>
    internal readonly AlignedBuffer Bias = new();

    /// <summary>W_hhᵀ packed for the forward recurrence and W_hh for the backward one, reused across calls.</summary>
    internal readonly PackedB PackedForward = new(), PackedBackward = new();

    /// <summary>Whether the forward pass had any bias (informational; db is computed whenever asked for).</summary>
    internal bool HasBias;

    /// <summary>Sizes buffers for a pass of the given shape and records it; contents are stale until Forward fills them.</summary>
    internal void Prepare(int seqLen, int batch, int inputSize, int hiddenSize, bool reverse)
    {
        SequenceLength = seqLen;
        BatchSize = batch;
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        Reverse = reverse;
        HasForward = false;
        var tb = seqLen * batch;
        Gates.Grow(tb * 4 * hiddenSize);
        Cells.Grow(tb * hiddenSize);
        TanhCells.Grow(tb * hiddenSize);
        Hidden.Grow(tb * hiddenSize);
        H0.Grow(batch * hiddenSize);
        C0.Grow(batch * hiddenSize);
        Bias.Grow(4 * hiddenSize);
        if (inputSize <= LstmRecurrenceJob.FusedInputMax) WIhT.Grow(inputSize * 4 * hiddenSize);
    }

    /// <summary>Sizes the backward scratch buffers for the stored shape.</summary>
    internal void PrepareBackward()
    {
        var bh = BatchSize * HiddenSize;
        DGates.Grow(SequenceLength * BatchSize * 4 * HiddenSize);
        Dh.Grow(bh);
        Dc.Grow(bh);
        Scratch.Grow(4 * bh);
        DBiasGroups.Grow((BatchSize + LstmCell.BiasGroupRows - 1) / LstmCell.BiasGroupRows * 4 * HiddenSize);
    }
}
