using MusicGen.IO;

namespace MusicGen.Cli;

/// <summary>
/// Output paths are checked before any work (issue: a folder given as <c>--out</c> was found out
/// only after training): each must name a file that can be replaced — not a folder, not a
/// read-only file, in a folder that exists — and two outputs of one command must differ.
/// </summary>
internal static class OutputChecks
{
    /// <summary>Throws a <see cref="UserError"/> naming <paramref name="option"/> when <paramref name="path"/> cannot be written.</summary>
    public static void Writable(string path, string option)
    {
        try
        {
            AtomicFile.CheckWritable(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserError($"{option} {e.Message.ReplaceLineEndings(" ")}");
        }
    }

    /// <summary>Two outputs of one command must be different files.</summary>
    public static void Distinct(string a, string optionA, string b, string optionB)
    {
        if (string.Equals(AtomicFile.ResolveTarget(a), AtomicFile.ResolveTarget(b), StringComparison.Ordinal))
            throw new UserError($"{optionA} and {optionB}: both name {a}; give two different files");
    }
}
