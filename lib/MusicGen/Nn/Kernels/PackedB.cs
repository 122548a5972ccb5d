namespace MusicGen.Nn.Kernels;

/// <summary>
/// op(B) (k, n) packed once for many GEMMs with the same right-hand matrix (an LSTM's W_hh is used at
/// every step). Layout: column panels of NR (16, or 32 with AVX-512) over the whole k,
/// element (p, j) at ((j / NR)·k + p)·NR + j % NR, zero-padded to a whole panel. Reusable: packing
/// again into the same instance reallocates only when it has to grow.
/// </summary>
internal sealed unsafe class PackedB
{
    /// <summary>Pinned storage made by <see cref="AlignedArray.Allocate"/>; the panels start at <see cref="Data"/>.</summary>
    internal float[] Buffer = [];

    /// <summary>The packed panels, 64-byte aligned (the micro-kernels load B a cache line at a time).</summary>
    internal float* Data => AlignedArray.Start(Buffer);

    internal int K, N;
    internal bool Wide;
}
