using MusicGen.Runtime;

namespace MusicGen.Notebooks.Tests.Engine;

/// <summary>Library-style code compiled outside the cell (no rewriting): it stops only through <see cref="Interruption"/>.</summary>
public static class LibraryLoop
{
    public static int Run()
    {
        int spins = 0;
        while (true)
        {
            Interruption.ThrowIfRequested();
            Thread.SpinWait(100);
            spins++;
        }
    }
}
