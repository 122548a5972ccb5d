namespace MusicGen.Data;

/// <summary>A catalogued dataset (an entry of <c>data/manifest.json</c>): where it comes from, its
/// license as stated by the source, and every file with its SHA-256. <see cref="Sources"/> say where
/// <c>musicgen data get</c> downloads the files from; <see cref="NotAtOrigin"/> names the files no
/// source publishes (written or converted when the shared copy was assembled) and where to get them.</summary>
public sealed record DatasetInfo(
    string Name,
    string Description,
    string License,
    string Origin,
    string Citation,
    IReadOnlyList<DatasetFile> Files,
    IReadOnlyList<DatasetSource>? Sources = null,
    string NotAtOrigin = "")
{
    /// <summary>The sources of the files (empty when the manifest names none).</summary>
    public IReadOnlyList<DatasetSource> Sources { get; init; } = Sources ?? [];

    /// <summary>Sum of the files' sizes.</summary>
    public long TotalBytes => Files.Sum(f => f.Bytes);
}
