using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using MusicGen.IO;

namespace MusicGen.Notebooks.Kernel;

/// <summary>
/// The kernel spec (jupyter_client kernels.rst, "Kernel specs"): a folder named
/// <see cref="Name"/> holding <c>kernel.json</c> with argv, display_name, language and
/// <c>interrupt_mode: message</c>, so interrupts arrive as interrupt_request on control.
/// </summary>
internal static class KernelSpec
{
    /// <summary>The kernel name (folder name; ASCII letters, digits, '-', '.', '_').</summary>
    public const string Name = "musicgen-csharp";
    public const string DisplayName = "C# (MusicGen)";

    /// <summary>The kernel.json document for a command line ending in <c>{connection_file}</c>.</summary>
    public static JsonObject Create(IReadOnlyList<string> argv) => new()
    {
        ["argv"] = new JsonArray(argv.Select(a => (JsonNode?)a).ToArray()),
        ["display_name"] = DisplayName,
        ["language"] = "C#",
        ["interrupt_mode"] = "message",
        ["kernel_protocol_version"] = MessageBuilder.ProtocolVersion,
        ["metadata"] = new JsonObject
        {
            ["debugger"] = false,
            ["implementation"] = KernelInfo.Implementation,
            ["implementation_version"] = KernelInfo.ImplementationVersion,
        },
    };

    /// <summary>Per-user kernels folder, where jupyter_core looks (JUPYTER_DATA_DIR, then the
    /// platform's data dir: ~/.local/share/jupyter or $XDG_DATA_HOME/jupyter on Linux,
    /// ~/Library/Jupyter on macOS, %APPDATA%\jupyter on Windows).</summary>
    public static string UserKernelsFolder()
    {
        var dataDir = Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR");
        if (string.IsNullOrEmpty(dataDir))
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (OperatingSystem.IsWindows())
                dataDir = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "jupyter");
            else if (OperatingSystem.IsMacOS())
                dataDir = Path.Combine(home, "Library", "Jupyter");
            else
            {
                var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
                dataDir = Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(home, ".local", "share") : xdg, "jupyter");
            }
        }
        return Path.Combine(dataDir, "kernels");
    }

    /// <summary>System-wide kernels folder (/usr/local/share/jupyter/kernels; %PROGRAMDATA%\jupyter\kernels).</summary>
    public static string SystemKernelsFolder() => OperatingSystem.IsWindows()
        ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "jupyter", "kernels")
        : "/usr/local/share/jupyter/kernels";

    /// <summary>Kernels folder under an installation prefix (PREFIX/share/jupyter/kernels), as
    /// <c>jupyter kernelspec install --prefix</c> uses; add PREFIX/share/jupyter to JUPYTER_PATH.</summary>
    public static string PrefixKernelsFolder(string prefix) => Path.Combine(Path.GetFullPath(prefix), "share", "jupyter", "kernels");

    /// <summary>
    /// The command that starts this kernel: the <c>dotnet</c> host of the running runtime and the
    /// CLI assembly. The host is found from the runtime folder (…/dotnet/shared/Microsoft.NETCore.App/X/),
    /// so the spec works however the CLI was started (apphost, <c>dotnet musicgen.dll</c>, <c>dotnet run</c>).
    /// </summary>
    public static string[] DefaultArgv(string cliAssemblyPath)
    {
        var runtimeDir = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var root = Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", ".."));
        var host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        if (!File.Exists(host) && Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet") host = p;
        return [host, Path.GetFullPath(cliAssemblyPath), "kernel", "run", "{connection_file}"];
    }

    /// <summary>Writes <c>kernels/musicgen-csharp/kernel.json</c> (temp file, then rename) and returns its path.</summary>
    public static string Install(string kernelsFolder, IReadOnlyList<string> argv)
    {
        var folder = Path.Combine(kernelsFolder, Name);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "kernel.json");
        AtomicFile.WriteAllText(path, Create(argv).ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        return path;
    }
}
