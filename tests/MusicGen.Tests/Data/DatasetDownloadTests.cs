using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using MusicGen.Data;
using MusicGen.Tests.Cli;

namespace MusicGen.Tests.Data;

/// <summary>
/// <c>musicgen data get</c> against a local HTTP server on 127.0.0.1 (<see cref="LocalHttpServer"/>) and a
/// small manifest written here: good files from a mirror and from an origin (single files plus a tar.gz
/// archive), a corrupted file, a connection dropped mid-file (resumed with a Range request), a partial file
/// left by an earlier run, and an unreachable host. No real network.
/// </summary>
public sealed class DatasetDownloadTests : IDisposable
{
    readonly DirectoryInfo temp = Directory.CreateTempSubdirectory("data-download-");
    readonly Dictionary<string, byte[]> toy = new()
    {
        ["a.txt"] = "hello, chorales\n"u8.ToArray(),
        ["sub/b.bin"] = RandomBytes(200_000, 1),
        ["c.mid"] = RandomBytes(3_000, 2),
        ["NOTES.md"] = "written when the copy was assembled\n"u8.ToArray(),
    };
    readonly Dictionary<string, byte[]> served = new();
    readonly LocalHttpServer server;
    readonly string manifest;

    public DatasetDownloadTests()
    {
        foreach (var (path, bytes) in toy) served["mirror/toy/" + path] = bytes;
        served["origin/x/a.txt"] = toy["a.txt"];
        served["origin/bsub/b.bin"] = toy["sub/b.bin"];
        served["arch.tar.gz"] = TarGz(("toy-0123abc/c.mid", toy["c.mid"]), ("toy-0123abc/README.md", "other"u8.ToArray()));
        server = new LocalHttpServer(p => served.TryGetValue(p, out var b) ? b : null);
        manifest = WriteManifest(server.BaseUrl);
    }

    public void Dispose()
    {
        server.Dispose();
        temp.Delete(recursive: true);
    }

    static byte[] RandomBytes(int n, int seed)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        return b;
    }

    static byte[] TarGz(params (string Name, byte[] Data)[] entries)
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gz))
            foreach (var (name, data) in entries)
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
        return ms.ToArray();
    }

    /// <summary>A manifest with one dataset "toy": a.txt and sub/ as single files, c.mid from an archive,
    /// NOTES.md at no origin.</summary>
    string WriteManifest(string originBase)
    {
        var doc = new
        {
            version = 1,
            datasets = new object[]
            {
                new
                {
                    name = "toy", description = "test", license = "test", origin = "test", citation = "",
                    not_at_origin = "NOTES.md is ours.",
                    sources = new object[]
                    {
                        new { url = originBase + "origin/", paths = new Dictionary<string, string> { ["a.txt"] = "x/a.txt", ["sub/"] = "bsub/" } },
                        new { url = originBase + "arch.tar.gz", archive = "tar.gz", strip = 1, paths = new Dictionary<string, string> { ["c.mid"] = "c.mid" } },
                    },
                    files = toy.Select(kv => new { path = kv.Key, sha256 = Convert.ToHexStringLower(SHA256.HashData(kv.Value)), bytes = kv.Value.LongLength }).ToArray(),
                },
            },
        };
        var path = Path.Combine(temp.FullName, $"manifest-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(doc));
        return path;
    }

    DatasetInfo Toy(string manifestPath) => DatasetCatalog.Load(manifestPath).Find("toy")!;

    string Target() => Path.Combine(temp.FullName, "installed-" + Guid.NewGuid().ToString("N")[..8], "toy");

    static string[] Lines(string text) => text.Trim().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Mirror_installs_every_file_checked_and_a_second_run_fetches_nothing()
    {
        var to = Target();
        var (exit, stdout, stderr) = CliTests.Run("data", "get", "toy", "--manifest", manifest, "--mirror", server.BaseUrl + "mirror", "--to", to);
        Assert.True(exit == 0, stderr);
        Assert.Empty(DatasetCatalog.Verify(Toy(manifest), to));
        using (var doc = JsonDocument.Parse(stdout))
            Assert.Equal(4, doc.RootElement.GetProperty("copied").GetInt32());
        Assert.False(Directory.Exists(DatasetDownloader.StagingFolder(to)));
        Assert.Contains(server.Requests, r => r.Path == "mirror/toy/sub/b.bin" && r.Range is null);

        var before = server.Requests.Count;
        (exit, stdout, _) = CliTests.Run("data", "get", "toy", "--manifest", manifest, "--mirror", server.BaseUrl + "mirror/", "--to", to);
        Assert.Equal(0, exit);
        Assert.Contains("\"copied\":0", stdout);
        Assert.Equal(before, server.Requests.Count);
    }

    [Fact]
    public void Origin_fetches_single_files_and_extracts_the_archive_and_names_what_it_does_not_publish()
    {
        var to = Target();
        var (exit, stdout, stderr) = CliTests.Run("data", "get", "toy", "--manifest", manifest, "--to", to);
        Assert.True(exit == 0, stderr);
        foreach (var p in new[] { "a.txt", "sub/b.bin", "c.mid" })
            Assert.Equal(toy[p], File.ReadAllBytes(Path.Combine(to, p)));
        Assert.False(File.Exists(Path.Combine(to, "NOTES.md")));
        Assert.False(File.Exists(Path.Combine(to, "README.md")));   // in the archive, not in the manifest
        Assert.Contains("NOTES.md", stderr);
        Assert.Contains("not published by the origin", stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(3, doc.RootElement.GetProperty("copied").GetInt32());
        Assert.Contains(server.Requests, r => r.Path == "arch.tar.gz");
        Assert.Contains(server.Requests, r => r.Path == "origin/x/a.txt");
        Assert.False(Directory.Exists(DatasetDownloader.StagingFolder(to)));
    }

    [Fact]
    public void A_corrupted_file_is_one_line_naming_it_and_leaves_the_previous_state()
    {
        served["mirror/toy/sub/b.bin"] = (byte[])toy["sub/b.bin"].Clone();
        served["mirror/toy/sub/b.bin"][12345] ^= 0x40;

        // Fresh target: nothing appears.
        var fresh = Target();
        var (exit, _, stderr) = CliTests.Run("data", "get", "toy", "--manifest", manifest, "--mirror", server.BaseUrl + "mirror/", "--to", fresh);
        Assert.Equal(2, exit);
        var error = Assert.Single(Lines(stderr), l => l.StartsWith("musicgen:", StringComparison.Ordinal));
        Assert.StartsWith("musicgen: data get toy: sub/b.bin: SHA-256", error);
        Assert.Contains("differs from the manifest", error);
        Assert.DoesNotContain("   at ", stderr);
        Assert.False(Directory.Exists(fresh));

        // An existing target with one file keeps exactly that state.
        var existing = Target();
        Directory.CreateDirectory(existing);
        File.WriteAllBytes(Path.Combine(existing, "a.txt"), toy["a.txt"]);
        File.WriteAllText(Path.Combine(existing, "c.mid"), "an older copy");
        (exit, _, _) = CliTests.Run("data", "get", "toy", "--manifest", manifest, "--mirror", server.BaseUrl + "mirror/", "--to", existing);
        Assert.Equal(2, exit);
        Assert.Equal(new[] { "a.txt", "c.mid" }, Directory.GetFiles(existing, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Order());
        Assert.Equal("an older copy", File.ReadAllText(Path.Combine(existing, "c.mid")));

        // Once the mirror is repaired, the same command completes.
        served["mirror/toy/sub/b.bin"] = toy["sub/b.bin"];
        (exit, _, stderr) = CliTests.Run("data", "get", "toy", "--manifest", manifest, "--mirror", server.BaseUrl + "mirror/", "--to", existing);
        Assert.True(exit == 0, stderr);
        Assert.Empty(DatasetCatalog.Verify(Toy(manifest), existing));
    }

    [Fact]
    public void A_changed_file_inside_the_origin_archive_is_named_and_nothing_is_installed()
    {
        var bad = (byte[])toy["c.mid"].Clone();
        bad[7] ^= 1;
        served["arch.tar.gz"] = TarGz(("toy-0123abc/c.mid", bad));
        var to = Target();
        var (exit, _, stderr) = CliTests.Run("data", "get", "toy", "--manifest", manifest, "--to", to);
        Assert.Equal(2, exit);
        var error = Lines(stderr).Last();
        Assert.StartsWith("musicgen: data get toy: c.mid: SHA-256", error);
        Assert.Contains("arch.tar.gz", error);
        Assert.False(Directory.Exists(to));
        // The bad archive is not kept; the checked single files are, for the next run.
        var staging = DatasetDownloader.StagingFolder(to);
        Assert.False(Directory.Exists(Path.Combine(staging, ".archives")) && Directory.GetFiles(Path.Combine(staging, ".archives")).Length > 0);
        Assert.True(File.Exists(Path.Combine(staging, "sub", "b.bin")));

        served["arch.tar.gz"] = TarGz(("toy-0123abc/c.mid", toy["c.mid"]));
        (exit, _, stderr) = CliTests.Run("data", "get", "toy", "--manifest", manifest, "--to", to);
        Assert.True(exit == 0, stderr);
        Assert.Equal(toy["c.mid"], File.ReadAllBytes(Path.Combine(to, "c.mid")));
        Assert.Single(server.Requests, r => r.Path == "origin/bsub/b.bin");   // not fetched twice
    }

    [Fact]
    public void A_zip_archive_origin_is_extracted_too()
    {
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            using (var e = zip.CreateEntry("toy-main/c.mid").Open()) e.Write(toy["c.mid"]);
        served["arch.zip"] = ms.ToArray();
        var m = File.ReadAllText(manifest).Replace("arch.tar.gz", "arch.zip").Replace("\u0022tar.gz\u0022", "\u0022zip\u0022").Replace("\"tar.gz\"", "\"zip\"");
        var zipManifest = Path.Combine(temp.FullName, "zip-manifest.json");
        File.WriteAllText(zipManifest, m);
        Assert.Equal("zip", DatasetCatalog.Load(zipManifest).Find("toy")!.Sources[1].Archive);
        var to = Target();
        var (exit, _, stderr) = CliTests.Run("data", "get", "toy", "--manifest", zipManifest, "--to", to);
        Assert.True(exit == 0, stderr);
        Assert.Equal(toy["c.mid"], File.ReadAllBytes(Path.Combine(to, "c.mid")));
    }

    [Fact]
    public void A_connection_dropped_mid_file_is_resumed_with_a_range_request()
    {
        server.DropAfter["mirror/toy/sub/b.bin"] = 70_000;
        var to = Target();
        var (exit, _, stderr) = CliTests.Run("data", "get", "toy", "--manifest", manifest, "--mirror", server.BaseUrl + "mirror/", "--to", to);
        Assert.True(exit == 0, stderr);
        Assert.Equal(toy["sub/b.bin"], File.ReadAllBytes(Path.Combine(to, "sub", "b.bin")));
        var asked = server.Requests.Where(r => r.Path == "mirror/toy/sub/b.bin").Select(r => r.Range).ToList();
        Assert.Equal(new string?[] { null, "bytes=70000-" }, asked);
    }

    [Fact]
    public void A_partial_file_from_an_interrupted_run_is_resumed_not_refetched()
    {
        var to = Target();
        var part = Path.Combine(DatasetDownloader.StagingFolder(to), "sub", "b.bin.part");
        Directory.CreateDirectory(Path.GetDirectoryName(part)!);
        File.WriteAllBytes(part, toy["sub/b.bin"][..5000]);
        using (var d = new DatasetDownloader())
        {
            var result = d.Get(Toy(manifest), to, mirror: server.BaseUrl + "mirror/");
            Assert.Equal(4, result.Installed);
        }
        Assert.Empty(DatasetCatalog.Verify(Toy(manifest), to));
        Assert.Equal(new string?[] { "bytes=5000-" }, server.Requests.Where(r => r.Path == "mirror/toy/sub/b.bin").Select(r => r.Range));
    }

    [Fact]
    public void A_server_without_range_support_restarts_the_file_from_zero()
    {
        server.IgnoreRange = true;
        var to = Target();
        var part = Path.Combine(DatasetDownloader.StagingFolder(to), "sub", "b.bin.part");
        Directory.CreateDirectory(Path.GetDirectoryName(part)!);
        File.WriteAllBytes(part, new byte[5000]);   // not even a prefix of the file: must not be kept
        using (var d = new DatasetDownloader())
            d.Get(Toy(manifest), to, mirror: server.BaseUrl + "mirror/");
        Assert.Equal(toy["sub/b.bin"], File.ReadAllBytes(Path.Combine(to, "sub", "b.bin")));
        Assert.Equal(new string?[] { "bytes=5000-" }, server.Requests.Where(r => r.Path == "mirror/toy/sub/b.bin").Select(r => r.Range));
    }

    [Fact]
    public void An_unreachable_host_is_one_line_naming_it_and_the_alternatives()
    {
        var port = LocalHttpServer.ClosedPort();
        var offline = WriteManifest($"http://127.0.0.1:{port}/");
        foreach (var extra in new[] { Array.Empty<string>(), ["--mirror", $"http://127.0.0.1:{port}/"] })
        {
            var to = Target();
            var (exit, _, stderr) = CliTests.Run(["data", "get", "toy", "--manifest", offline, "--to", to, .. extra]);
            Assert.Equal(2, exit);
            var line = Lines(stderr).Last();
            Assert.Contains($"cannot reach 127.0.0.1:{port} (connection refused)", line);
            foreach (var word in new[] { "--mirror", "--from", "MUSICGEN_DATA" }) Assert.Contains(word, line);
            Assert.DoesNotContain("   at ", stderr);
            Assert.False(Directory.Exists(to));
        }
    }

    [Fact]
    public void All_gets_every_dataset_into_the_to_folder()
    {
        var to = Path.Combine(temp.FullName, "all");
        var (exit, stdout, stderr) = CliTests.Run("data", "get", "all", "--manifest", manifest, "--mirror", server.BaseUrl + "mirror/", "--to", to);
        Assert.True(exit == 0, stderr);
        Assert.Single(Lines(stdout));
        Assert.Empty(DatasetCatalog.Verify(Toy(manifest), Path.Combine(to, "toy")));
    }

    /// <summary>The "done when": the real jsb-chorales from a local server serving the shared data
    /// folder (runs where MUSICGEN_DATA or ../shared/data holds it).</summary>
    [DataFact("jsb-chorales")]
    public void Real_jsb_chorales_installs_from_a_local_mirror_with_checked_hashes()
    {
        var root = Path.GetDirectoryName(DatasetLocator.Find("jsb-chorales")!)!;
        using var shared = new LocalHttpServer(p => File.Exists(Path.Combine(root, p)) ? File.ReadAllBytes(Path.Combine(root, p)) : null);
        var to = Path.Combine(temp.FullName, "jsb-chorales");
        var (exit, _, stderr) = CliTests.Run("data", "get", "jsb-chorales", "--mirror", shared.BaseUrl, "--to", to);
        Assert.True(exit == 0, stderr);
        Assert.Empty(DatasetCatalog.Verify(DatasetCatalog.Load().Find("jsb-chorales")!, to));
    }
}
