namespace MusicGen.Data;

/// <summary>
/// Where a dataset's files are published (an entry of a dataset's <c>"sources"</c> in
/// <c>data/manifest.json</c>, see data/README.md "Origins"): either a base <see cref="Url"/> of
/// individual files, or one archive (<see cref="Archive"/> = <c>"tar.gz"</c> or <c>"zip"</c>) whose
/// entries are named after dropping <see cref="Strip"/> leading path components (as
/// <c>tar --strip-components</c>; GitHub's archives put everything under one <c>repo-commit/</c> folder).
/// <see cref="Paths"/> maps a dataset path, or a folder prefix ending in <c>/</c>, to the path at the source.
/// </summary>
public sealed record DatasetSource(string Url, string? Archive, int Strip, IReadOnlyDictionary<string, string> Paths)
{
    /// <summary>The path of dataset file <paramref name="datasetPath"/> at this source (relative to
    /// <see cref="Url"/> or inside the archive), or null when this source does not publish it. An exact
    /// entry wins over a folder prefix; the longest prefix wins among prefixes.</summary>
    public string? SourcePath(string datasetPath)
    {
        ArgumentNullException.ThrowIfNull(datasetPath);
        if (Paths.TryGetValue(datasetPath, out var exact) && !datasetPath.EndsWith('/')) return exact;
        string? best = null;
        foreach (var key in Paths.Keys)
            if (key.EndsWith('/') && datasetPath.StartsWith(key, StringComparison.Ordinal) && (best is null || key.Length > best.Length))
                best = key;
        return best is null ? null : Paths[best] + datasetPath[best.Length..];
    }

    /// <summary>The URL of a single published file (not for archives).</summary>
    public Uri FileUrl(string sourcePath) => DatasetDownloader.Combine(Url, sourcePath);
}
