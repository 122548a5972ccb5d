using MusicGen.Nn.Kernels;

namespace MusicGen.Tests.Nn.Kernels;

/// <summary>The 64-byte aligned buffers the kernels' packed operands and LSTM workspaces live in.</summary>
public class AlignedBufferTests
{
    [Fact]
    public unsafe void AlignedArrayStartsOnACacheLineAndHoldsTheLengthAskedFor()
    {
        // Many sizes, so the arrays land on many different addresses (a plain array is 64-byte aligned 1 time in 8).
        for (var length = 1; length < 200; length += 7)
        {
            var array = AlignedArray.Allocate(length);
            var start = AlignedArray.Start(array);
            Assert.Equal(0, (long)start % AlignedArray.Bytes);
            Assert.True(AlignedArray.Capacity(array) >= length);
            fixed (float* first = array)
            {
                // The aligned part lies inside the array: writing all of it cannot touch anything else.
                var skipped = start - first;
                Assert.InRange(skipped, 0, 15);
                Assert.True(skipped + length <= array.Length);
            }
        }
    }

    [Fact]
    public unsafe void EnsureKeepsABufferThatIsLargeEnoughAndReplacesOneThatIsNot()
    {
        float[]? buffer = null;
        var a = AlignedArray.Ensure(ref buffer, 100);
        var kept = buffer;
        Assert.True(a == AlignedArray.Ensure(ref buffer, 50));
        Assert.Same(kept, buffer);
        var b = AlignedArray.Ensure(ref buffer, 1000);
        Assert.NotSame(kept, buffer);
        Assert.Equal(0, (long)b % AlignedArray.Bytes);
    }

    [Fact]
    public unsafe void AlignedBufferReadsLikeAnArray()
    {
        var buffer = new AlignedBuffer();
        Assert.Equal(0, buffer.Length);
        fixed (float* p = buffer) Assert.True(p == null);
        buffer.Grow(37);
        Assert.Equal(37, buffer.Length);
        for (var i = 0; i < 37; i++) buffer[i] = i;
        Assert.Equal(10f, buffer.AsSpan(10)[0]);
        Assert.Equal([5f, 6f, 7f], buffer.AsSpan(5, 3).ToArray());
        Span<float> all = buffer;
        Assert.Equal(37, all.Length);
        fixed (float* p = buffer)
        {
            Assert.Equal(0, (long)p % AlignedArray.Bytes);
            Assert.Equal(36f, p[36]);
        }
        Assert.Throws<IndexOutOfRangeException>(() => buffer[37]);
        buffer.Grow(20); // smaller: kept as it is
        Assert.Equal(37, buffer.Length);
        Assert.Equal(36f, buffer[36]);
    }
}
