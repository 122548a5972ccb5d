using System.Formats.Tar;
using System.IO.Compression;

namespace MusicGen.Data;

/// <summary>
/// <c>musicgen data get</c>: installs a catalogued dataset into a folder from its public origin (the
/// manifest's <see cref="DatasetInfo.Sources"/>: individual files or an archive to extract), from a
/// mirror (an HTTP folder holding <c>NAME/&lt;path&gt;</c> as laid out in the manifest) or from a local
/// folder. Every file is checked against the manifest's SHA-256 before it is installed.
/// <para>Files are fetched into a staging folder beside the target (<c>.NAME.get/</c> next to
/// <c>data/NAME</c>), as <c>PATH.part</c> while they arrive, so an interrupted run resumes where it stopped
/// (HTTP Range, <see cref="ResumableDownload"/>). Only when every wanted file is staged and checked are
/// they renamed into the target (the whole folder in one rename when the target does not exist yet);
/// a failed or corrupted run leaves the target as it was.</para>
/// </summary>
public sealed class DatasetDownloader : IDisposable
{
    readonly HttpClient http;
    readonly bool ownsHttp;

    /// <summary>Uses <paramref name="http"/> when given (tests), else a client with a 15 s connect timeout.</summary>
    public DatasetDownloader(HttpClient? http = null)
    {
        ownsHttp = http is null;
        this.http = http ?? CreateClient();
    }

    /// <summary>Called as bytes arrive (from the downloading thread).</summary>
    public event Action<DatasetGetProgress>? Progress;

    /// <summary>Called with one line per notable step ("extracting …", "not published by the origin: …").</summary>
    public event Action<string>? Log;

    static HttpClient CreateClient()
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(15),
            AutomaticDecompression = System.Net.DecompressionMethods.None,   // the bytes on disk are what is hashed
        };
        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("MusicGen.Notebooks-data-get/1");
        return client;
    }

    /// <summary>The staging folder of <paramref name="target"/>: a hidden sibling on the same file system,
    /// so that installing is a rename.</summary>
    public static string StagingFolder(string target)
    {
        var full = Path.GetFullPath(target).TrimEnd(Path.DirectorySeparatorChar);
        return Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + ".get");
    }

    /// <summary>
    /// Installs <paramref name="dataset"/> into <paramref name="target"/>: from <paramref name="fromFolder"/>
    /// (the dataset folder or a folder holding <c>NAME/</c>) when given, else from <paramref name="mirror"/>
    /// (base URL) when given, else from the origin. Files already intact in the target are kept.
    /// Throws <see cref="InvalidDataException"/> (a file missing or with the wrong SHA-256, named),
    /// <see cref="DatasetUnreachableException"/> (offline) or <see cref="IOException"/> (HTTP error, a
    /// transfer that kept breaking); the target is unchanged then.
    /// </summary>
    public DatasetGetResult Get(DatasetInfo dataset, string target, string? mirror = null, string? fromFolder = null, CancellationToken ct = default)
    {
        try
        {
            return GetAsync(dataset, target, mirror, fromFolder, ct).GetAwaiter().GetResult();
        }
        catch
        {
            // Keep a staging folder only when it holds something to resume from.
            var staging = StagingFolder(target);
            if (Directory.Exists(staging) && Directory.GetFiles(staging, "*", SearchOption.AllDirectories).Length == 0)
                Directory.Delete(staging, recursive: true);
            throw;
        }
    }

    async Task<DatasetGetResult> GetAsync(DatasetInfo dataset, string target, string? mirror, string? fromFolder, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        target = Path.GetFullPath(target);
        var needed = dataset.Files.Where(f => !Intact(Path.Combine(target, f.Path), f)).ToList();
        var kept = dataset.Files.Count - needed.Count;
        if (needed.Count == 0) return new DatasetGetResult(dataset.Name, target, 0, kept, []);

        string? source = null;
        if (fromFolder is not null)
        {
            source = LocalSource(dataset, fromFolder);
            var problems = needed.Select(f => (f, p: Path.Combine(source, f.Path)))
                .Select(x => !File.Exists(x.p) ? $"{x.f.Path}: missing" : !Intact(x.p, x.f) ? $"{x.f.Path}: SHA-256 differs from the manifest" : null)
                .OfType<string>().ToList();
            if (problems.Count > 0)
                throw new InvalidDataException($"{source}: {problems.Count} file(s) of '{dataset.Name}' missing or different: {string.Join("; ", problems.Take(5))}{(problems.Count > 5 ? "; …" : "")}");
        }

        var staging = StagingFolder(target);
        Directory.CreateDirectory(staging);
        var total = needed.Sum(f => f.Bytes);
        long done = 0;
        var notPublished = new List<string>();
        var wanted = new List<DatasetFile>();
        // Per-file fetches: (file, url or local path).
        var singles = new List<(DatasetFile File, Uri? Url, string? Local)>();
        var archives = new Dictionary<DatasetSource, List<(DatasetFile File, string SourcePath)>>();
        foreach (var f in needed)
        {
            if (Intact(Path.Combine(staging, f.Path), f)) { wanted.Add(f); done += f.Bytes; continue; }   // staged by an earlier run
            if (source is not null) singles.Add((f, null, Path.Combine(source, f.Path)));
            else if (mirror is not null) singles.Add((f, Combine(mirror, dataset.Name + "/" + f.Path), null));
            else
            {
                var (src, path) = dataset.Sources.Select(s => (s, p: s.SourcePath(f.Path))).FirstOrDefault(x => x.p is not null);
                if (src is null) { notPublished.Add(f.Path); continue; }
                if (src.Archive is null) singles.Add((f, src.FileUrl(path!), null));
                else
                {
                    if (!archives.TryGetValue(src, out var list)) archives[src] = list = [];
                    list.Add((f, path!));
                }
            }
            wanted.Add(f);
        }

        foreach (var (f, url, local) in singles)
        {
            var staged = Path.Combine(staging, f.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(staged)!);
            var part = staged + ".part";
            var before = done;
            if (local is not null)
            {
                File.Copy(local, part, overwrite: true);
                Report(dataset, f.Path, done += f.Bytes, total);
            }
            else
                await ResumableDownload.FetchAsync(http, url!, part, f.Bytes, n => Report(dataset, f.Path, before + n, total), ct).ConfigureAwait(false);
            Accept(part, staged, f, url?.AbsoluteUri ?? local!);
            done = before + f.Bytes;
        }

        foreach (var (src, files) in archives)
        {
            var archive = Path.Combine(staging, ".archives", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(src.Url)))[..16] + "." + src.Archive);
            Directory.CreateDirectory(Path.GetDirectoryName(archive)!);
            if (!File.Exists(archive))
            {
                var url = new Uri(src.Url);
                Log?.Invoke($"{dataset.Name}: downloading {url}");
                await ResumableDownload.FetchAsync(http, url, archive + ".part", null, n => Report(dataset, url.AbsoluteUri, n, 0), ct).ConfigureAwait(false);
                File.Move(archive + ".part", archive, overwrite: true);
            }
            Log?.Invoke($"{dataset.Name}: extracting {files.Count} file(s) from {src.Url}");
            try
            {
                Extract(src, archive, files, staging, ct);
            }
            catch (InvalidDataException)
            {
                File.Delete(archive);   // a changed or damaged archive: fetch it afresh next time
                throw;
            }
            done += files.Sum(x => x.File.Bytes);
            Report(dataset, src.Url, done, total);
        }

        if (notPublished.Count > 0)
            Log?.Invoke($"{dataset.Name}: {notPublished.Count} file(s) not published by the origin ({string.Join(", ", notPublished.Take(4))}{(notPublished.Count > 4 ? ", …" : "")}): {dataset.NotAtOrigin}");
        Install(staging, target, wanted);
        return new DatasetGetResult(dataset.Name, target, wanted.Count, kept, notPublished);
    }

    void Report(DatasetInfo d, string item, long bytes, long total) => Progress?.Invoke(new DatasetGetProgress(d.Name, item, bytes, total));

    /// <summary>The dataset folder inside <paramref name="folder"/>: <c>folder/NAME</c> when that exists and
    /// the folder itself does not hold the dataset's first file, else the folder.</summary>
    static string LocalSource(DatasetInfo dataset, string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{folder}: no such folder");
        var inner = Path.Combine(folder, dataset.Name);
        return Directory.Exists(inner) && !File.Exists(Path.Combine(folder, dataset.Files[0].Path)) ? inner : folder;
    }

    /// <summary>Extracts the wanted entries of an archive into the staging folder, each checked.</summary>
    static void Extract(DatasetSource src, string archive, List<(DatasetFile File, string SourcePath)> files, string staging, CancellationToken ct)
    {
        var bySource = files.ToDictionary(x => x.SourcePath, x => x.File, StringComparer.Ordinal);
        var found = new HashSet<string>(StringComparer.Ordinal);
        void Take(string entryName, Func<Stream> open)
        {
            ct.ThrowIfCancellationRequested();
            var parts = entryName.Replace('\\', '/').Split('/');
            if (parts.Length <= src.Strip) return;
            var name = string.Join('/', parts[src.Strip..]);
            // Only names the manifest lists are written, so an entry can never escape the staging folder.
            if (!bySource.TryGetValue(name, out var f) || !found.Add(name)) return;
            var staged = Path.Combine(staging, f.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(staged)!);
            using (var from = open())
            using (var to = File.Create(staged + ".part"))
                from.CopyTo(to);
            Accept(staged + ".part", staged, f, $"{src.Url} ({name})");
        }
        try
        {
            if (src.Archive == "zip")
            {
                using var zip = ZipFile.OpenRead(archive);
                foreach (var e in zip.Entries) if (!e.FullName.EndsWith('/')) Take(e.FullName, e.Open);
            }
            else
            {
                using var gz = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress);
                using var tar = new TarReader(gz);
                while (tar.GetNextEntry() is { } e)
                    if (e.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && e.DataStream is { } data)
                        Take(e.Name, () => data);
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException && !e.Data.Contains(ChecksumKey))
        {
            throw new InvalidDataException($"{src.Url}: not a readable {src.Archive} archive ({e.Message})", e);
        }
        var missing = files.Where(x => !found.Contains(x.SourcePath)).Select(x => x.File.Path).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"{missing[0]}: not in the archive {src.Url}{(missing.Count > 1 ? $" (nor {missing.Count - 1} other file(s))" : "")}");
    }

    /// <summary>Renames a fetched <c>.part</c> file to its staged name when its size and SHA-256 match the
    /// manifest; deletes it and throws naming the file otherwise.</summary>
    static void Accept(string part, string staged, DatasetFile f, string from)
    {
        if (Intact(part, f))
        {
            File.Move(part, staged, overwrite: true);
            return;
        }
        var got = DatasetCatalog.Sha256(part);
        var bytes = new FileInfo(part).Length;
        File.Delete(part);
        throw new InvalidDataException($"{f.Path}: SHA-256 {got[..12]}… ({bytes:N0} bytes) from {from} differs from the manifest's {f.Sha256[..12]}… ({f.Bytes:N0} bytes); nothing was installed")
        {
            Data = { [ChecksumKey] = true },
        };
    }

    /// <summary>Moves the staged files into the target: one folder rename when the target does not exist,
    /// else one rename per file (each file appears whole, already checked).</summary>
    static void Install(string staging, string target, List<DatasetFile> files)
    {
        var archives = Path.Combine(staging, ".archives");
        if (Directory.Exists(archives)) Directory.Delete(archives, recursive: true);
        if (files.Count == 0) { Directory.Delete(staging, recursive: true); return; }
        if (!Directory.Exists(target) && Directory.GetFiles(staging, "*.part", SearchOption.AllDirectories).Length == 0)
        {
            Directory.Move(staging, target);
            return;
        }
        foreach (var f in files)
        {
            var to = Path.Combine(target, f.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Move(Path.Combine(staging, f.Path), to, overwrite: true);
        }
        Directory.Delete(staging, recursive: true);
    }

    static bool Intact(string path, DatasetFile f) =>
        File.Exists(path) && new FileInfo(path).Length == f.Bytes && DatasetCatalog.Sha256(path) == f.Sha256;

    /// <summary><paramref name="baseUrl"/> (a folder; a missing final '/' is added) joined with a '/'-separated
    /// relative path, each segment percent-encoded.</summary>
    public static Uri Combine(string baseUrl, string relativePath)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(relativePath);
        var b = baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/";
        var rel = string.Join('/', relativePath.Split('/').Select(s => s.Length == 0 ? s : Uri.EscapeDataString(s)));
        return new Uri(new Uri(b, UriKind.Absolute), rel);
    }

    /// <summary>Marks (in Exception.Data) the error of a file whose size or SHA-256 differs from the manifest,
    /// so that extraction does not report it as an unreadable archive.</summary>
    const string ChecksumKey = "MusicGen.Data.checksum";

    public void Dispose()
    {
        if (ownsHttp) http.Dispose();
    }
}
