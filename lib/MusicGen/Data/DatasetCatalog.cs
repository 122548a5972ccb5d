using System.Security.Cryptography;
using System.Text.Json;

namespace MusicGen.Data;

/// <summary>
/// The dataset catalogue of <c>data/manifest.json</c> (lib/README.md §4, "Dataset location"):
/// <c>{"version": 1, "datasets": [{"name", "description", "license", "origin", "citation",
/// "files": [{"path", "sha256", "bytes"}], "sources": [{"url", "archive", "strip", "paths"}], "not_at_origin"}]}</c>
/// (data/README.md). <see cref="DatasetDownloader"/> installs a dataset with every file's SHA-256 checked.
/// </summary>
public sealed class DatasetCatalog
{
    public DatasetCatalog(IEnumerable<DatasetInfo> datasets)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        Datasets = datasets.ToList();
    }

    public IReadOnlyList<DatasetInfo> Datasets { get; }

    /// <summary>The repository's <c>data/manifest.json</c>, or null outside a checkout.</summary>
    public static string? DefaultManifestPath()
    {
        var repo = DatasetLocator.FindRepositoryRoot();
        var p = repo is null ? null : Path.Combine(repo, "data", "manifest.json");
        return p is not null && File.Exists(p) ? p : null;
    }

    /// <summary>Reads a manifest (default: <see cref="DefaultManifestPath"/>); throws
    /// <see cref="FormatException"/> naming the file and the problem.</summary>
    public static DatasetCatalog Load(string? manifestPath = null)
    {
        manifestPath ??= DefaultManifestPath() ?? throw new FileNotFoundException("data/manifest.json: not found (run inside the repository or pass the manifest path).");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
            var list = new List<DatasetInfo>();
            foreach (var d in doc.RootElement.GetProperty("datasets").EnumerateArray())
            {
                var files = d.GetProperty("files").EnumerateArray()
                    .Select(f => new DatasetFile(f.GetProperty("path").GetString()!, f.GetProperty("sha256").GetString()!, f.GetProperty("bytes").GetInt64()))
                    .ToList();
                var sources = d.TryGetProperty("sources", out var s)
                    ? s.EnumerateArray().Select(ReadSource).ToList()
                    : new List<DatasetSource>();
                list.Add(new DatasetInfo(d.GetProperty("name").GetString()!, Text(d, "description"), Text(d, "license"),
                    Text(d, "origin"), Text(d, "citation"), files, sources, Text(d, "not_at_origin")));
            }
            return new DatasetCatalog(list);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"{manifestPath}: not a dataset manifest ({e.Message})", e);
        }
    }

    private static DatasetSource ReadSource(JsonElement s)
    {
        var archive = s.TryGetProperty("archive", out var a) ? a.GetString() : null;
        if (archive is not null and not ("tar.gz" or "zip"))
            throw new InvalidOperationException($"source archive '{archive}' is not tar.gz or zip");
        var paths = s.GetProperty("paths").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
        return new DatasetSource(s.GetProperty("url").GetString()!, archive, s.TryGetProperty("strip", out var n) ? n.GetInt32() : 0, paths);
    }

    private static string Text(JsonElement e, string key) => e.TryGetProperty(key, out var v) ? v.GetString() ?? "" : "";

    /// <summary>The dataset called <paramref name="name"/>, or null.</summary>
    public DatasetInfo? Find(string name) => Datasets.FirstOrDefault(d => d.Name == name);

    /// <summary>Lowercase hex SHA-256 of a file.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Files of <paramref name="dataset"/> that are missing or differ under <paramref name="folder"/>
    /// ("PATH: missing" / "PATH: SHA-256 differs"); empty when the folder is complete and intact.</summary>
    public static List<string> Verify(DatasetInfo dataset, string folder)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var problems = new List<string>();
        foreach (var f in dataset.Files)
        {
            var p = Path.Combine(folder, f.Path);
            if (!File.Exists(p)) problems.Add($"{f.Path}: missing");
            else if (Sha256(p) != f.Sha256) problems.Add($"{f.Path}: SHA-256 differs from the manifest");
        }
        return problems;
    }
}
