using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MusicGen.IO;

/// <summary>
/// The repository's one way to replace a file so that a reader (or a crash) never sees half of it:
/// the bytes go to a temporary file in the target's folder, named <c>.NAME.PID.GUID.tmp</c>, are
/// flushed to disk (fsync), and the temporary file is renamed over the target (rename is atomic
/// within one file system, POSIX rename(2)). On failure the temporary file is deleted.
/// </summary>
/// <remarks>
/// A target that is a symbolic link is written through: its final target is replaced and the link
/// stays a link. An existing target keeps its permission bits. A read-only target (no owner write
/// bit on Unix, the ReadOnly attribute on Windows) is refused with an
/// <see cref="UnauthorizedAccessException"/> rather than silently replaced (rename only needs
/// write access to the folder, so without this check a 0444 file would be overwritten).
/// Temporary files left by a process that no longer runs (killed mid-write) are removed the next
/// time the same target is written.
/// </remarks>
internal static class AtomicFile
{
    // Temporary files this process is writing now: another thread's stale-file sweep spares them.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> s_inFlight = new();

    /// <summary>Writes <paramref name="write"/>'s bytes to <paramref name="path"/> atomically.
    /// The folder must exist.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        WriteVia(path, temp =>
        {
            using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            write(stream);
        });
    }

    /// <summary>Lets <paramref name="writeFile"/> create the temporary file by its path (for APIs
    /// that only write to a path), then flushes and renames it over <paramref name="path"/>.</summary>
    public static void WriteVia(string path, Action<string> writeFile)
    {
        ArgumentNullException.ThrowIfNull(writeFile);
        var target = ResolveTarget(path);
        CheckWritable(target, path);
        RemoveStaleTemps(target);
        var temp = TempPathFor(target);
        s_inFlight.TryAdd(temp, 0);
        try
        {
            writeFile(temp);
            if (!File.Exists(temp)) throw new IOException($"{path}: nothing was written.");
            Sync(temp);
            if (!OperatingSystem.IsWindows() && File.Exists(target))
                File.SetUnixFileMode(temp, File.GetUnixFileMode(target));
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
        finally
        {
            s_inFlight.TryRemove(temp, out _);
        }
    }

    public static void WriteAllBytes(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Write(path, s => s.Write(bytes));
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte-order mark.</summary>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Write(path, s =>
        {
            using var w = new StreamWriter(s, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            w.Write(text);
        });
    }

    /// <summary>The file a write to <paramref name="path"/> replaces: the final target of a
    /// symbolic link (relative links resolve against the link's folder), else the full path.</summary>
    public static string ResolveTarget(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var info = new FileInfo(full);
        if (info.LinkTarget is null) return full;
        var final = info.ResolveLinkTarget(returnFinalTarget: true);
        return final is null ? full : Path.GetFullPath(final.FullName);
    }

    /// <summary>Throws a one-line error when <paramref name="path"/> cannot be replaced: it is a
    /// folder, it is read-only, or its folder does not exist. Callers check output paths with this
    /// before doing any work, so nothing is computed for a file that cannot be written.</summary>
    public static void CheckWritable(string path) => CheckWritable(ResolveTarget(path), path);

    private static void CheckWritable(string target, string shownAs)
    {
        if (Directory.Exists(target)) throw new IOException($"{shownAs}: is a folder, not a file.");
        var dir = Path.GetDirectoryName(target);
        if (dir is not null && !Directory.Exists(dir)) throw new DirectoryNotFoundException($"{shownAs}: folder {dir} does not exist.");
        if (!File.Exists(target)) return;
        bool readOnly = OperatingSystem.IsWindows()
            ? (File.GetAttributes(target) & FileAttributes.ReadOnly) != 0
            : (File.GetUnixFileMode(target) & UnixFileMode.UserWrite) == 0;
        if (readOnly) throw new UnauthorizedAccessException($"{shownAs}: the file is read-only; not overwritten.");
    }

    /// <summary><c>FOLDER/.NAME.PID.GUID.tmp</c>: hidden, beside the target (same file system, so
    /// the rename is atomic), and naming the writing process so a stale one can be recognised.</summary>
    internal static string TempPathFor(string target) =>
        Path.Combine(Path.GetDirectoryName(target)!,
            $".{Path.GetFileName(target)}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.{Guid.NewGuid():N}.tmp");

    /// <summary>Deletes temporary files for <paramref name="target"/> left by processes that no
    /// longer run: this scheme (<c>.NAME.PID.GUID.tmp</c>) and the repository's older ones
    /// (<c>.NAME.GUID.tmp</c>, <c>.NAME.PID.tmp</c>, <c>NAME.tmp</c>, <c>NAME.GUID.tmp</c>,
    /// <c>NAME.PID.tmp</c>). Returns how many were removed.</summary>
    public static int RemoveStaleTemps(string target)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(target));
        if (dir is null || !Directory.Exists(dir)) return 0;
        var name = Path.GetFileName(target);
        int removed = 0;
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateFiles(dir, "." + name + ".*.tmp")
                .Concat(Directory.EnumerateFiles(dir, name + ".*tmp")).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
        foreach (var file in candidates)
        {
            var fileName = Path.GetFileName(file);
            var middle = fileName.StartsWith('.') && fileName.Length > name.Length + 1 && fileName.AsSpan(1).StartsWith(name)
                ? fileName[(name.Length + 1)..]
                : fileName[name.Length..];
            if (s_inFlight.ContainsKey(file) || !IsStale(middle)) continue;
            if (TryDelete(file)) removed++;
        }
        return removed;
    }

    /// <summary>Decides from the part after NAME (<c>.PID.GUID.tmp</c>, <c>.GUID.tmp</c>,
    /// <c>.PID.tmp</c> or <c>.tmp</c>) whether its writer is gone.</summary>
    private static bool IsStale(string middle)
    {
        if (middle == ".tmp") return true;
        if (!middle.StartsWith('.') || !middle.EndsWith(".tmp", StringComparison.Ordinal)) return false;
        var parts = middle[1..^4].Split('.');
        if (parts.Length is < 1 or > 2 || parts.Any(p => p.Length == 0)) return false;
        if (int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
        {
            if (parts.Length == 2 && !IsGuid(parts[1])) return false;
            return !IsRunning(pid);
        }
        // An older scheme without a process id: a GUID only.
        return parts.Length == 1 && (IsGuid(parts[0]) || parts[0].Length == 8 && parts[0].All(char.IsAsciiHexDigit));
    }

    private static bool IsGuid(string s) => s.Length == 32 && Guid.TryParseExact(s, "N", out _);

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId) return false; // ours and not in flight: a failed earlier write
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>fsync(2): the data is on disk before the rename makes it visible.</summary>
    private static void Sync(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        stream.Flush(flushToDisk: true);
    }

    private static bool TryDelete(string file)
    {
        try
        {
            File.Delete(file);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
