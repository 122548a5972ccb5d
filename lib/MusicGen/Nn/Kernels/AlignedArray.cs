using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MusicGen.Nn.Kernels;

/// <summary>
/// Pinned float arrays used from a 64-byte boundary. A .NET array's elements start 16 bytes after an 8-byte aligned
/// object, so a Vector512 load from a plain array crosses a cache line 3 times in 4 unless the array happens to
/// land on the right address, and on Zen 4 a load that splits a line costs about two. The kernels' packed operands are
/// read with such loads in every inner loop: they live in these arrays, pinned (the GC never moves them, so the
/// aligned start stays the same for the array's life) and padded by the 15 floats the alignment can skip.
/// </summary>
internal static unsafe class AlignedArray
{
    /// <summary>The alignment: one cache line, one Vector512.</summary>
    public const int Bytes = 64;

    /// <summary>Floats the aligned start can be past the array's first element (elements are at least 4-byte aligned).</summary>
    const int Pad = Bytes / sizeof(float) - 1;

    /// <summary>A pinned array with room for <paramref name="length"/> floats from its aligned start.</summary>
    public static float[] Allocate(long length) => GC.AllocateUninitializedArray<float>(checked((int)length + Pad), pinned: true);

    /// <summary>Floats usable from the aligned start of an array made by <see cref="Allocate"/> (negative for the empty array).</summary>
    public static long Capacity(float[] array) => array.Length - Pad;

    /// <summary>The first 64-byte aligned element of a pinned array made by <see cref="Allocate"/>.</summary>
    public static float* Start(float[] pinned)
    {
        var p = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));
        return (float*)((p + (Bytes - 1)) & ~(nint)(Bytes - 1));
    }

    /// <summary>
    /// The aligned part of <paramref name="buffer"/>, grown (and replaced) when it holds fewer than
    /// <paramref name="length"/> floats; its contents are then undefined.
    /// </summary>
    public static float* Ensure(ref float[]? buffer, long length)
    {
        if (buffer is null || Capacity(buffer) < length) buffer = Allocate(length);
        return Start(buffer);
    }
}
