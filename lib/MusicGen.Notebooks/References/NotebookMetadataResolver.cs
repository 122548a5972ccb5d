using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;

namespace MusicGen.Notebooks.References;

/// <summary>
/// Resolves a cell's <c>#r</c> the way .NET Interactive does, so one setup cell serves both kernels:
/// <c>#r "path/to/X.dll"</c> relative to the notebook's folder, and <c>#r "nuget: Id, Version"</c>
/// (restored through <see cref="NuGetRestorer"/>). An assembly the engine itself already carries
/// (MusicGen.Core, SkiaSharp, Microsoft.Data.Analysis, …) resolves to the loaded copy whatever the
/// path or version asked for: one process cannot hold two assemblies of the same name side by side,
/// and the notebook then uses exactly the library the engine formats and runs.
/// </summary>
internal sealed class NotebookMetadataResolver(string baseDirectory) : MetadataReferenceResolver
{
    private readonly ScriptMetadataResolver _inner = ScriptMetadataResolver.Default.WithBaseDirectory(baseDirectory);

    public string BaseDirectory { get; } = baseDirectory;

    public override ImmutableArray<PortableExecutableReference> ResolveReference(string reference, string? baseFilePath, MetadataReferenceProperties properties)
    {
        if (NuGetReference.TryParse(reference, out var package))
        {
            if (HostPackage(package.Id) is { } host) return [MetadataReference.CreateFromFile(host.Location, properties)];
            var paths = NuGetRestorer.Shared.Restore(package);
            return [.. paths.Select(p => HostAssembly(Path.GetFileNameWithoutExtension(p)) is { } loaded
                ? MetadataReference.CreateFromFile(loaded.Location, properties)
                : MetadataReference.CreateFromFile(p, properties))];
        }
        var name = Path.GetFileNameWithoutExtension(reference.Trim());
        if (reference.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && HostAssembly(name) is { } same)
            return [MetadataReference.CreateFromFile(same.Location, properties)];
        return _inner.ResolveReference(reference, baseFilePath, properties);
    }

    public override bool ResolveMissingAssemblies => _inner.ResolveMissingAssemblies;

    public override PortableExecutableReference? ResolveMissingAssembly(MetadataReference definition, AssemblyIdentity referenceIdentity) =>
        HostAssembly(referenceIdentity.Name) is { } loaded ? MetadataReference.CreateFromFile(loaded.Location)
            : _inner.ResolveMissingAssembly(definition, referenceIdentity);

    /// <summary>The engine's own copy of package <paramref name="id"/>: an assembly of that name, or,
    /// for a native-assets package (<c>SkiaSharp.NativeAssets.Linux</c>), the managed package it
    /// serves when the engine carries that (its native library ships beside the engine).</summary>
    internal static Assembly? HostPackage(string id)
    {
        if (HostAssembly(id) is { } a) return a;
        int native = id.IndexOf(".NativeAssets.", StringComparison.OrdinalIgnoreCase);
        return native > 0 ? HostAssembly(id[..native]) : null;
    }

    /// <summary>An assembly with simple name <paramref name="name"/> that the engine loaded from a file.</summary>
    internal static Assembly? HostAssembly(string name)
    {
        foreach (var a in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (a.IsDynamic || string.IsNullOrEmpty(a.Location)) continue;
            if (string.Equals(a.GetName().Name, name, StringComparison.OrdinalIgnoreCase)
                && System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(a) == System.Runtime.Loader.AssemblyLoadContext.Default)
                return a;
        }
        // Referenced by the engine but not loaded yet (e.g. Plotly.NET before the first chart).
        var probe = Path.Combine(AppContext.BaseDirectory, name + ".dll");
        if (File.Exists(probe))
        {
            try { return Assembly.Load(AssemblyName.GetAssemblyName(probe)); }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException) { return null; }
        }
        return null;
    }

    public override bool Equals(object? other) => other is NotebookMetadataResolver r && r.BaseDirectory == BaseDirectory;

    public override int GetHashCode() => BaseDirectory.GetHashCode(StringComparison.Ordinal);
}
