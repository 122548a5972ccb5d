using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Cli.Bench;

/// <summary>
/// The memory loops of <c>musicgen bench peak</c>, as McCalpin's STREAM names them: copy a[i] = b[i] (8 bytes moved per
/// element) and triad a[i] = b[i] + s·c[i] (12 bytes), on Vector256 over a range of large arrays. Bytes count reads and
/// writes once each (no write-allocate traffic), as STREAM counts them. <see cref="TriadNaive"/> is the scalar reference
/// (the same two roundings: multiply, then add).
/// </summary>
internal static class MemoryLoop
{
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Copy(float[] a, float[] b, int start, int count) => b.AsSpan(start, count).CopyTo(a.AsSpan(start, count));

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Triad(float[] a, float[] b, float[] c, float s, int start, int count)
    {
        ref float ar = ref MemoryMarshal.GetArrayDataReference(a);
        ref float br = ref MemoryMarshal.GetArrayDataReference(b);
        ref float cr = ref MemoryMarshal.GetArrayDataReference(c);
        var sv = Vector256.Create(s);
        int i = start, end = start + count;
        for (; i + 8 <= end; i += 8)
            (Vector256.LoadUnsafe(ref br, (nuint)i) + sv * Vector256.LoadUnsafe(ref cr, (nuint)i)).StoreUnsafe(ref ar, (nuint)i);
        for (; i < end; i++) Unsafe.Add(ref ar, i) = Unsafe.Add(ref br, i) + s * Unsafe.Add(ref cr, i);
    }

    /// <summary>The scalar reference of <see cref="Triad"/>.</summary>
    public static void TriadNaive(float[] a, float[] b, float[] c, float s, int start, int count)
    {
        for (int i = start; i < start + count; i++)
        {
            float product = s * c[i];
            a[i] = b[i] + product;
        }
    }
}
