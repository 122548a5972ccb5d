using TorchSharp;
using static TorchSharp.torch;

namespace MusicGen.TorchSharp;

/// <summary>
/// Loading LibTorch once, with one clear error when it cannot be loaded, and parsing <c>--device</c>.
/// </summary>
public static class TorchSharpRuntime
{
    static readonly Lazy<Exception?> s_loadError = new(() =>
    {
        try
        {
            PreloadBesideThisAssembly();
            InitializeDeviceType(DeviceType.CPU);
            return null;
        }
        catch (Exception e) { return e; }
    });

    /// <summary>
    /// When LibTorch sits under runtimes/RID/native beside this assembly (our build output) and the host did not
    /// resolve it through its deps.json (e.g. .NET Interactive loading this assembly with #r), load libtorch and
    /// LibTorchSharp from there by path first. TorchSharp then finds them by name: the loader returns libraries
    /// already loaded under that name (soname) instead of searching again.
    /// </summary>
    static void PreloadBesideThisAssembly()
    {
        var here = Path.GetDirectoryName(typeof(TorchSharpRuntime).Assembly.Location);
        if (string.IsNullOrEmpty(here)) return;
        string rid, prefix, suffix;
        if (OperatingSystem.IsLinux()) (rid, prefix, suffix) = ("linux-x64", "lib", ".so");
        else if (OperatingSystem.IsMacOS()) (rid, prefix, suffix) = ("osx-arm64", "lib", ".dylib");
        else return; // Windows finds DLLs beside the loaded ones already
        var native = Path.Combine(here, "runtimes", rid, "native");
        foreach (var name in new[] { "torch", "LibTorchSharp" })
        {
            var path = Path.Combine(native, prefix + name + suffix);
            if (File.Exists(path)) System.Runtime.InteropServices.NativeLibrary.TryLoad(path, out _);
        }
    }

    /// <summary>True when LibTorch loads in this process.</summary>
    public static bool IsAvailable => s_loadError.Value is null;

    /// <summary>Loads LibTorch or throws <see cref="InvalidOperationException"/> saying why and what to do.</summary>
    public static void EnsureLoaded()
    {
        if (s_loadError.Value is { } e)
            throw new InvalidOperationException(
                $"TorchSharp: LibTorch did not load ({e.GetBaseException().Message.Split('\n')[0].Trim()}). On Debian 12 / Ubuntu 22.04 the build " +
                "patches libLibTorchSharp.so for the older libstdc++ (needs g++ and patchelf; see environment.md, \"TorchSharp on Debian 12\").", e);
    }

    /// <summary>
    /// The device named <paramref name="name"/>: "cpu", "cuda" or "cuda:N". Throws <see cref="ArgumentException"/>
    /// when the name is unknown or CUDA is not available (TorchSharp-cuda is not referenced or no GPU is present).
    /// </summary>
    public static Device ParseDevice(string? name)
    {
        EnsureLoaded();
        var n = (name ?? "cpu").Trim().ToLowerInvariant();
        if (n == "cpu") return CPU;
        if (n == "cuda" || n.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!cuda.is_available())
                throw new ArgumentException($"device '{name}': CUDA is not available here (this build references the CPU LibTorch; " +
                                            "on a GPU machine reference TorchSharp-cuda-linux or TorchSharp-cuda-windows instead, see environment.md)");
            return device(n);
        }
        throw new ArgumentException($"device '{name}': expected cpu, cuda or cuda:N");
    }
}
