using Microsoft.CodeAnalysis.CSharp.Scripting;
using MusicGen.Notebooks.Execution;

namespace MusicGen.Notebooks.Running;

/// <summary>
/// Compiles (without running) a small script with the options every cell uses, so that the C# compiler is loaded,
/// jitted and has read the library's metadata before the notebook's first cell arrives. A fresh process spends about
/// a second of CPU on this, whoever does it; <c>notebooks run</c> starts the next notebook's process while the current
/// one runs, so on a second core this second is no longer on the workbook's critical path. Nothing is executed: the
/// notebook's own session starts from a clean state as before.
/// </summary>
internal static class CompilerWarmup
{
    // A cell such as the notebooks' first ones: usings, a lambda, LINQ, a library type, string interpolation.
    private const string Code = """
        using MusicGen.Midi;
        var song = new MidiSong();
        var names = song.Instruments.Select(i => i.Name).Where(n => n.Length > 0).ToList();
        Console.WriteLine($"{names.Count} {song.GetEndTime():0.0}");
        """;

    public static void Run(string baseDirectory)
    {
        try
        {
            var script = CSharpScript.Create(Code, ScriptOptionsFactory.Create(baseDirectory), typeof(ScriptGlobals));
            script.Compile();
            script.ContinueWith("names.Count + 1").Compile();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Only a head start: whatever fails here fails again, reported, in the cell that needs it.
        }
    }
}
