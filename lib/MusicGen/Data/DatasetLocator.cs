namespace MusicGen.Data;

/// <summary>
/// Finds a dataset folder (lib/README.md §4, "Dataset location"), in order: an explicit path;
/// <c>$MUSICGEN_DATA/&lt;name&gt;</c>; <c>data/&lt;name&gt;</c> in the repository. Returns null
/// when none exists, so callers can fall back to <c>data/sample</c> and say so.
/// </summary>
public static class DatasetLocator
{
    /// <summary>The environment variable naming a folder that holds the datasets.</summary>
    public const string EnvironmentVariable = "MUSICGEN_DATA";

    /// <summary>The folder of dataset <paramref name="name"/> (e.g. <c>chopin</c>), or null.</summary>
    public static string? Find(string name, string? explicitPath = null)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            if (Directory.Exists(explicitPath) || File.Exists(explicitPath)) return Path.GetFullPath(explicitPath);
            throw new DirectoryNotFoundException($"{explicitPath}: no such dataset folder or file.");
        }
        var root = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(root))
        {
            var p = Path.Combine(root, name);
            if (Directory.Exists(p)) return Path.GetFullPath(p);
        }
        var repo = FindRepositoryRoot();
        if (repo is not null)
        {
            var p = Path.Combine(repo, "data", name);
            if (Directory.Exists(p)) return p;
        }
        return null;
    }

    /// <summary>The repository's <c>data/sample</c> folder, or null outside a checkout.</summary>
    public static string? SampleFolder()
    {
        var repo = FindRepositoryRoot();
        var p = repo is null ? null : Path.Combine(repo, "data", "sample");
        return p is not null && Directory.Exists(p) ? p : null;
    }

    /// <summary>The nearest folder at or above the working directory (or this assembly, or the
    /// checkout this library was compiled from) that holds <c>MusicGen.Notebooks.sln</c>.</summary>
    public static string? FindRepositoryRoot()
    {
        // The third start matters when build output lives outside the tree (MUSICGEN_ARTIFACTS):
        // then neither the test runner's working directory nor the assembly is inside the checkout.
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory, SourceFolder() })
        {
            if (string.IsNullOrEmpty(start) || !Directory.Exists(start)) continue;
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "MusicGen.Notebooks.sln"))) return d.FullName;
        }
        return null;
    }

    /// <summary>The folder of this source file at compile time (lib/MusicGen/Data in the checkout).</summary>
    private static string? SourceFolder([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        string.IsNullOrEmpty(path) ? null : Path.GetDirectoryName(path);
}
