using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using System.Text;
using System.Text.Json;

namespace MusicGen.Notebooks.References;

/// <summary>
/// Restores a <c>#r "nuget: Id, Version"</c> as .NET Interactive does, through the SDK: a throwaway
/// project (net10.0, one PackageReference) is restored with <c>dotnet restore</c> against the feeds
/// NuGet.Config configures, and its <c>obj/project.assets.json</c> lists the runtime assemblies of
/// the package and its dependencies (paths into the global packages folder). The list is cached
/// per package and version under <see cref="CacheRoot"/>, so a notebook re-run does not restore
/// again. Native assets for this machine's runtime are found through
/// <see cref="AssemblyLoadContext.ResolvingUnmanagedDll"/>.
/// </summary>
internal sealed class NuGetRestorer
{
    public static NuGetRestorer Shared { get; } = new(DefaultCacheRoot());

    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _resolved = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentBag<string> _nativeDirectories = [];
    private int _nativeHooked;

    public NuGetRestorer(string cacheRoot) => CacheRoot = cacheRoot;

    /// <summary>Where restore projects and their results live: <c>MUSICGEN_NUGET_CACHE</c>, else
    /// <c>~/.cache/musicgen/nuget-references</c>. A NuGet.Config placed here applies to every restore.</summary>
    public string CacheRoot { get; }

    public static TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

    private static int s_restoresRun;

    /// <summary>How many <c>dotnet restore</c> processes this process has started (tests check that
    /// the setup cell restores nothing in our engine).</summary>
    internal static int RestoresRun => Volatile.Read(ref s_restoresRun);

    private static string DefaultCacheRoot() =>
        Environment.GetEnvironmentVariable("MUSICGEN_NUGET_CACHE") is { Length: > 0 } env ? env
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "musicgen", "nuget-references");

    /// <summary>Runtime assembly paths of <paramref name="package"/> and its dependencies.</summary>
    public IReadOnlyList<string> Restore(NuGetReference package)
    {
        var key = $"{package.Id}/{package.Version ?? "*"}";
        return _resolved.GetOrAdd(key, _ => RestoreUncached(package));
    }

    private IReadOnlyList<string> RestoreUncached(NuGetReference package)
    {
        var folder = Path.Combine(CacheRoot, Sanitize(package.Id) + "-" + Sanitize(package.Version ?? "latest"));
        var assets = Path.Combine(folder, "obj", "project.assets.json");
        // NuGet writes project.assets.json even for a failed restore: only a marker written after
        // a successful one lets a later run skip restoring.
        var marker = Path.Combine(folder, "restored.ok");
        if (!File.Exists(marker) || package.Version is null || package.Version.Contains('*'))
        {
            Directory.CreateDirectory(folder);
            File.Delete(marker);
            var project = Path.Combine(folder, "restore.csproj");
            File.WriteAllText(project, $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImportDirectoryBuildProps>false</ImportDirectoryBuildProps>
                    <ImportDirectoryPackagesProps>false</ImportDirectoryPackagesProps>
                    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="{System.Security.SecurityElement.Escape(package.Id)}" Version="{System.Security.SecurityElement.Escape(package.Version ?? "*")}" />
                  </ItemGroup>
                </Project>
                """, new UTF8Encoding(false));
            Interlocked.Increment(ref s_restoresRun);
            var (exit, output) = Run(DotnetPath(), ["restore", project, "--nologo", "-v", "q"], folder);
            if (exit != 0 || !File.Exists(assets))
            {
                var reason = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase))
                    ?? $"dotnet restore exited {exit}";
                // "…/restore.csproj : error NU1101: Unable to find package X. …" → keep from "error".
                int at = reason.IndexOf("error ", StringComparison.OrdinalIgnoreCase);
                reason = (at >= 0 ? reason[at..] : reason).Split(" [", 2)[0];
                throw new NuGetRestoreException($"#r \"{package}\": cannot restore the package: {reason}");
            }
            File.WriteAllText(marker, "");
        }
        return ReadAssets(assets, package);
    }

    private IReadOnlyList<string> ReadAssets(string assetsPath, NuGetReference package)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(assetsPath));
        var root = doc.RootElement;
        var packageFolder = root.GetProperty("packageFolders").EnumerateObject().First().Name;
        var libraries = root.GetProperty("libraries");
        var target = root.GetProperty("targets").EnumerateObject().First().Value;
        var paths = new List<string>();
        var rids = RuntimeIdentifiers();
        foreach (var lib in target.EnumerateObject())
        {
            if (!lib.Value.TryGetProperty("type", out var type) || type.GetString() != "package") continue;
            var libPath = libraries.GetProperty(lib.Name).GetProperty("path").GetString()!;
            var libFolder = Path.Combine(packageFolder, libPath);
            if (lib.Value.TryGetProperty("runtime", out var runtime))
            {
                foreach (var asset in runtime.EnumerateObject())
                {
                    if (Path.GetFileName(asset.Name) == "_._" || !asset.Name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) continue;
                    paths.Add(Path.GetFullPath(Path.Combine(libFolder, asset.Name)));
                }
            }
            if (lib.Value.TryGetProperty("runtimeTargets", out var runtimeTargets))
            {
                foreach (var asset in runtimeTargets.EnumerateObject())
                {
                    if (asset.Value.TryGetProperty("assetType", out var at) && at.GetString() == "native"
                        && asset.Value.TryGetProperty("rid", out var rid) && rids.Contains(rid.GetString()!))
                        _nativeDirectories.Add(Path.GetDirectoryName(Path.GetFullPath(Path.Combine(libFolder, asset.Name)))!);
                }
            }
        }
        if (!_nativeDirectories.IsEmpty && Interlocked.Exchange(ref _nativeHooked, 1) == 0)
            AssemblyLoadContext.Default.ResolvingUnmanagedDll += (_, name) => ResolveNative(name);
        foreach (var p in paths)
        {
            if (!File.Exists(p)) throw new NuGetRestoreException($"#r \"{package}\": restored, but {p} is missing from the packages folder.");
        }
        return paths;
    }

    private nint ResolveNative(string name)
    {
        foreach (var dir in _nativeDirectories)
        {
            foreach (var file in new[] { name, $"lib{name}.so", $"{name}.so", $"lib{name}.dylib", $"{name}.dll" })
            {
                var path = Path.Combine(dir, file);
                if (File.Exists(path) && NativeLibrary.TryLoad(path, out var handle)) return handle;
            }
        }
        return 0;
    }

    private static HashSet<string> RuntimeIdentifiers()
    {
        var arch = RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        return [RuntimeInformation.RuntimeIdentifier, $"{os}-{arch}", os, "unix", "any"];
    }

    private static string DotnetPath()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return "dotnet";
    }

    private static (int Exit, string Output) Run(string file, string[] args, string workingDirectory)
    {
        var psi = new ProcessStartInfo(file, args)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory,
        };
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(psi) ?? throw new NuGetRestoreException($"cannot start {file}.");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(Timeout))
        {
            p.Kill(entireProcessTree: true);
            return (-1, $"error: dotnet restore did not finish within {Timeout.TotalMinutes} min");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + "\n" + stderr.Result);
    }

    private static string Sanitize(string s) => string.Concat(s.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' ? char.ToLowerInvariant(c) : '_'));
}
