using System.Reflection;
using System.Runtime.Loader;

namespace MusicGen.Interop;

/// <summary>
/// Lets Plotly.NET 6.0.0 run in a process that already holds an older FSharp.Core of the same major
/// version. Plotly.NET 6.0.0, Plotly.NET.CSharp 0.14.0 and DynamicObj 8 were compiled against
/// FSharp.Core 10.1.0.0; .NET Interactive 1.0.712001 ships and loads FSharp.Core 10.0.0.0 into its
/// default load context at start-up, so the first chart call fails with
/// <c>FileNotFoundException: Could not load file or assembly 'FSharp.Core, Version=10.1.0.0'</c>,
/// and a <c>#r "nuget: FSharp.Core, 10.1.x"</c> cannot help (a load context holds one assembly per
/// name). When that bind fails, this hook answers with the FSharp.Core already loaded, if its major
/// version is the one asked for. Every FSharp.Core type and member those packages reference exists
/// in 10.0 (checked from their metadata by the test suite), so nothing is missing at run time.
/// </summary>
public static class FSharpCoreBridge
{
    private static int s_installed;

    /// <summary>How many binds this hook has answered (for tests and diagnostics).</summary>
    public static int Substitutions { get; private set; }

    /// <summary>Installs the hook on the default load context once; later calls do nothing. Harmless
    /// where FSharp.Core binds normally: the runtime asks the hook only after a bind failed.</summary>
    public static void Install()
    {
        if (Interlocked.Exchange(ref s_installed, 1) == 1) return;
        AssemblyLoadContext.Default.Resolving += Resolve;
    }

    internal static Assembly? Resolve(AssemblyLoadContext context, AssemblyName name)
    {
        if (!string.Equals(name.Name, "FSharp.Core", StringComparison.Ordinal) || name.Version is null) return null;
        var loaded = context.Assemblies.FirstOrDefault(a => a.GetName() is { Name: "FSharp.Core", Version: { } v } && v.Major == name.Version.Major);
        if (loaded is not null) Substitutions++;
        return loaded;
    }
}
