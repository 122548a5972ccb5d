using System.Runtime.CompilerServices;

namespace MusicGen.Nn.Kernels;

/// <summary>
/// A growable float buffer that starts on a 64-byte boundary (see <see cref="AlignedArray"/> for why): an LSTM
/// workspace's gates, states and their gradients, which the GEMM micro-kernels and the cell read and write a
/// Vector512 at a time. Reads like an array: <c>AsSpan(start, length)</c>, an indexer, <c>fixed</c>.
/// </summary>
internal sealed unsafe class AlignedBuffer
{
    float[] _array = [];
    float* _start;

    /// <summary>Floats available (at least the largest length asked of <see cref="Grow"/>).</summary>
    public int Length { get; private set; }

    /// <summary>Makes room for <paramref name="length"/> floats; when it has to reallocate, the contents are undefined.</summary>
    public void Grow(int length)
    {
        if (Length >= length) return;
        _array = AlignedArray.Allocate(length);
        _start = AlignedArray.Start(_array);
        Length = length;
    }

    /// <summary>All <see cref="Length"/> floats.</summary>
    public Span<float> AsSpan() => new(_start, Length);

    /// <summary>From <paramref name="start"/> to the end.</summary>
    public Span<float> AsSpan(int start) => AsSpan()[start..];

    /// <summary><paramref name="length"/> floats from <paramref name="start"/>.</summary>
    public Span<float> AsSpan(int start, int length) => AsSpan().Slice(start, length);

    /// <summary>One float, bounds-checked.</summary>
    public ref float this[int index] => ref AsSpan()[index];

    /// <summary>For <c>fixed</c>: the first float, or a null reference when empty (a null pointer, as for an empty array).</summary>
    public ref float GetPinnableReference() => ref Length == 0 ? ref Unsafe.NullRef<float>() : ref *_start;

    public static implicit operator Span<float>(AlignedBuffer buffer) => buffer.AsSpan();

    public static implicit operator ReadOnlySpan<float>(AlignedBuffer buffer) => buffer.AsSpan();
}
