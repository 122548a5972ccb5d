using System.Text.Json;
using MusicGen.Data;
using MusicGen.Tests.Cli;

namespace MusicGen.Tests.Data;

/// <summary>data/manifest.json, SHA-256 checked installs, and the `musicgen data` verbs.</summary>
public class DatasetCatalogTests
{
    [Fact]
    public void Manifest_lists_the_shared_datasets_and_the_sample_matches_its_files()
    {
        var catalog = DatasetCatalog.Load();
        Assert.Equal(new[] { "chopin", "piano-midi", "jsb-chorales", "nottingham", "sample" }, catalog.Datasets.Select(d => d.Name));
        Assert.All(catalog.Datasets, d =>
        {
            Assert.NotEmpty(d.License);
            Assert.NotEmpty(d.Origin);
            // Every file is either published by a source or explained by not_at_origin.
            Assert.NotEmpty(d.NotAtOrigin);
            Assert.All(d.Sources, s => Assert.StartsWith("https://", s.Url));
            Assert.All(d.Files, f => Assert.Matches("^[0-9a-f]{64}$", f.Sha256));
        });
        Assert.Equal(48, catalog.Find("chopin")!.Files.Count(f => f.Path.EndsWith(".mid", StringComparison.Ordinal)));
        // What each origin publishes: every MIDI and JSON file except the converted BL-2012 splits.
        int Published(string name) => catalog.Find(name)!.Files.Count(f => catalog.Find(name)!.Sources.Any(s => s.SourcePath(f.Path) is not null));
        Assert.Equal(48, Published("chopin"));
        Assert.Equal(337 + 2, Published("piano-midi"));
        Assert.Equal(5, Published("jsb-chorales"));
        Assert.Equal(3117 + 2, Published("nottingham"));
        Assert.Equal("midis/Chopin/chpn-p1.mid", catalog.Find("piano-midi")!.Sources[0].SourcePath("Chopin/chpn-p1.mid"));
        Assert.Equal("MIDI/melody/jigs12.mid", catalog.Find("nottingham")!.Sources[0].SourcePath("jukedeck/MIDI/melody/jigs12.mid"));
        Assert.Empty(DatasetCatalog.Verify(catalog.Find("sample")!, DatasetLocator.SampleFolder()!));
    }

    [DataFact("jsb-chorales")]
    public void Shared_datasets_match_the_manifest()
    {
        var catalog = DatasetCatalog.Load();
        foreach (var name in new[] { "chopin", "jsb-chorales" })
        {
            var folder = DatasetLocator.Find(name);
            if (folder is not null) Assert.Empty(DatasetCatalog.Verify(catalog.Find(name)!, folder));
        }
    }

    [Fact]
    public void Get_copies_a_dataset_from_a_folder_checking_sha256()
    {
        var temp = Directory.CreateTempSubdirectory("data-get-");
        try
        {
            var from = Path.Combine(temp.FullName, "mirror", "sample");
            Directory.CreateDirectory(from);
            foreach (var f in Directory.GetFiles(DatasetLocator.SampleFolder()!)) File.Copy(f, Path.Combine(from, Path.GetFileName(f)));
            var to = Path.Combine(temp.FullName, "installed");

            // --from may name the dataset folder's parent.
            var (exit, stdout, stderr) = CliTests.Run("data", "get", "sample", "--from", Path.GetDirectoryName(from)!, "--to", to);
            Assert.True(exit == 0, stderr);
            using (var doc = JsonDocument.Parse(stdout))
                Assert.Equal(DatasetCatalog.Load().Find("sample")!.Files.Count, doc.RootElement.GetProperty("copied").GetInt32());
            Assert.Empty(DatasetCatalog.Verify(DatasetCatalog.Load().Find("sample")!, to));

            // Again: everything is in place, nothing copied.
            (exit, stdout, _) = CliTests.Run("data", "get", "sample", "--from", from, "--to", to);
            Assert.Equal(0, exit);
            Assert.Contains("\"copied\":0", stdout);

            // A changed file is refused, named, and nothing is copied.
            File.AppendAllText(Path.Combine(from, "sample-split.json"), " ");
            var to2 = Path.Combine(temp.FullName, "second");
            (exit, _, stderr) = CliTests.Run("data", "get", "sample", "--from", from, "--to", to2);
            Assert.Equal(2, exit);
            Assert.Contains("sample-split.json: SHA-256 differs", stderr);
            Assert.False(Directory.Exists(to2));
            Assert.DoesNotContain("   at ", stderr);
        }
        finally
        {
            temp.Delete(true);
        }
    }

    [Fact]
    public void Get_with_an_unknown_name_is_one_clear_line()
    {
        // (No get without --from here: that would download from the origin; DatasetDownloadTests covers it
        // against a local server.)
        var (exit, _, stderr) = CliTests.Run("data", "get", "no-such-set", "--from", ".");
        Assert.Equal(2, exit);
        Assert.Contains("unknown dataset", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public void List_shows_every_dataset_with_license_origin_and_location()
    {
        var (exit, stdout, _) = CliTests.Run("data", "list", "--json");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(stdout);
        var rows = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(5, rows.Count);
        var sample = rows.Single(r => r.GetProperty("name").GetString() == "sample");
        Assert.Equal(DatasetLocator.SampleFolder(), sample.GetProperty("location").GetString());
        Assert.All(rows, r => Assert.False(string.IsNullOrEmpty(r.GetProperty("license").GetString())));
        (exit, stdout, _) = CliTests.Run("data", "list");
        Assert.Equal(0, exit);
        Assert.Contains("license:", stdout);
        Assert.Contains("jsb-chorales", stdout);
    }
}
