using MusicGen.IO;

namespace MusicGen.Tests.IO;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("musicgen-atomic-").FullName;

    public void Dispose()
    {
        foreach (var f in Directory.EnumerateFiles(_dir)) File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Directory.Delete(_dir, recursive: true);
    }

    private string[] Temps() => Directory.GetFiles(_dir, "*.tmp", SearchOption.AllDirectories);

    [Fact]
    public void Writes_and_replaces_leaving_no_temporary_file()
    {
        var path = Path.Combine(_dir, "a.txt");
        AtomicFile.WriteAllText(path, "one");
        AtomicFile.WriteAllText(path, "two, longer");
        Assert.Equal("two, longer", File.ReadAllText(path));
        AtomicFile.WriteAllBytes(path, [1, 2, 3]);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.Empty(Temps());
    }

    [Fact]
    public void A_failing_write_keeps_the_old_file_and_deletes_its_temporary_file()
    {
        var path = Path.Combine(_dir, "keep.txt");
        File.WriteAllText(path, "old");
        var e = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write("partial"u8);
            throw new InvalidOperationException("disk on fire");
        }));
        Assert.Equal("disk on fire", e.Message);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Empty(Temps());
        // The same for a writer that creates the temporary file by path.
        Assert.Throws<IOException>(() => AtomicFile.WriteVia(path, tmp =>
        {
            File.WriteAllText(tmp, "half");
            throw new IOException("gone");
        }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Empty(Temps());
    }

    [Fact]
    public void Keeps_the_mode_of_the_file_it_replaces()
    {
        var path = Path.Combine(_dir, "private.txt");
        File.WriteAllText(path, "x");
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        File.SetUnixFileMode(path, mode);
        AtomicFile.WriteAllText(path, "y");
        Assert.Equal(mode, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Refuses_a_read_only_file_and_leaves_it_unchanged()
    {
        var path = Path.Combine(_dir, "ro.txt");
        File.WriteAllText(path, "original");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var e = Assert.Throws<UnauthorizedAccessException>(() => AtomicFile.WriteAllText(path, "new"));
        Assert.Equal($"{path}: the file is read-only; not overwritten.", e.Message);
        Assert.Equal("original", File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(path));
        Assert.Throws<UnauthorizedAccessException>(() => AtomicFile.CheckWritable(path));
    }

    [Fact]
    public void Refuses_a_folder_and_a_missing_folder_in_one_line()
    {
        var e = Assert.Throws<IOException>(() => AtomicFile.WriteAllText(_dir, "x"));
        Assert.Equal($"{_dir}: is a folder, not a file.", e.Message);
        var missing = Path.Combine(_dir, "no", "f.txt");
        Assert.Throws<DirectoryNotFoundException>(() => AtomicFile.WriteAllText(missing, "x"));
    }

    [Fact]
    public void Writes_through_a_symlink_to_its_target_which_keeps_its_mode()
    {
        var sub = Directory.CreateDirectory(Path.Combine(_dir, "real")).FullName;
        var target = Path.Combine(sub, "target.txt");
        File.WriteAllText(target, "old");
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        File.SetUnixFileMode(target, mode);
        var link = Path.Combine(_dir, "link.txt");
        File.CreateSymbolicLink(link, Path.Combine("real", "target.txt")); // relative link
        AtomicFile.WriteAllText(link, "new");
        Assert.NotNull(new FileInfo(link).LinkTarget); // still a link
        Assert.Equal("new", File.ReadAllText(target));
        Assert.Equal(mode, File.GetUnixFileMode(target));
        Assert.Empty(Temps());
    }

    [Fact]
    public void Removes_stale_temporary_files_of_dead_writers_and_keeps_others()
    {
        var path = Path.Combine(_dir, "song.mid");
        string P(string name) => Path.Combine(_dir, name);
        const int deadPid = 999_999_999;
        var stale = new[]
        {
            P($".song.mid.{deadPid}.{Guid.NewGuid():N}.tmp"),       // this scheme, writer gone
            P($".song.mid.{Guid.NewGuid():N}.tmp"),                 // the notebook's old scheme
            P($".song.mid.{deadPid}.tmp"),                          // the old safetensors scheme
            P("song.mid.tmp"),                                      // Vocabulary's old scheme
        };
        var kept = new[]
        {
            P($".song.mid.1.{Guid.NewGuid():N}.tmp"),               // pid 1 is running
            P("song.mid.backup.tmp"),                               // not ours
            P($".other.mid.{deadPid}.{Guid.NewGuid():N}.tmp"),      // another target's
        };
        foreach (var f in stale.Concat(kept)) File.WriteAllText(f, "x");
        AtomicFile.WriteAllText(path, "fresh");
        Assert.All(stale, f => Assert.False(File.Exists(f), f));
        Assert.All(kept, f => Assert.True(File.Exists(f), f));
    }

    [Fact]
    public void Library_writers_go_through_it()
    {
        // Vocabulary.Save once wrote NAME.tmp and left it on failure: now a read-only target is refused.
        var path = Path.Combine(_dir, "vocab.json");
        MusicGen.Representations.Vocabulary.Ordinal(["a", "b"]).Save(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead);
        Assert.Throws<UnauthorizedAccessException>(() => MusicGen.Representations.Vocabulary.Ordinal(["c"]).Save(path));
        Assert.Contains("\"a\"", File.ReadAllText(path));
        Assert.Empty(Temps());
    }
}
