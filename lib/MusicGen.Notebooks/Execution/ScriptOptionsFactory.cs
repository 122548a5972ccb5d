using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace MusicGen.Notebooks.Execution;

/// <summary>
/// The <see cref="ScriptOptions"/> every cell compiles with: the usual imports, every public
/// <c>MusicGen.*</c> namespace of the library, references to MusicGen.Core and this assembly (so
/// notebooks need no <c>#r</c> for the project), and <c>#r</c>/<c>#load</c> paths resolved
/// against the notebook's folder.
/// </summary>
internal static class ScriptOptionsFactory
{
    public static readonly string[] BaseImports =
    [
        "System", "System.Linq", "System.Collections.Generic", "System.IO", "System.Text", "System.Threading",
        "System.Threading.Tasks",
    ];

    public static CSharpParseOptions ParseOptions { get; } =
        new(LanguageVersion.Latest, DocumentationMode.None, SourceCodeKind.Script);

    public static ScriptOptions Create(string baseDirectory)
    {
        var core = typeof(Midi.MidiSong).Assembly;
        var notebooks = typeof(ScriptOptionsFactory).Assembly;
        var imports = BaseImports
            .Concat(core.GetExportedTypes().Select(t => t.Namespace).OfType<string>()
                .Where(n => n.StartsWith("MusicGen", StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal))
            .Append("MusicGen.Notebooks.Display")
            .Append("MusicGen.Interop");
        var references = new[]
        {
            typeof(object), typeof(Enumerable), typeof(List<>), typeof(Console), typeof(File), typeof(Uri),
            typeof(System.Text.RegularExpressions.Regex), typeof(System.Text.Json.JsonSerializer), typeof(System.Numerics.Complex),
            typeof(System.Collections.Concurrent.ConcurrentDictionary<,>), typeof(System.Diagnostics.Stopwatch),
        }.Select(t => t.Assembly).Append(core).Append(notebooks).Concat(References.HostReferences.Interop).Distinct();
        references = references.Concat(TorchSharpAssemblies()).Distinct();
        return ScriptOptions.Default
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithReferences(references)
            .WithImports(imports)
            .WithMetadataResolver(new References.NotebookMetadataResolver(baseDirectory)) // #r path and #r "nuget: Id, Version"
            .WithSourceResolver(ScriptSourceResolver.Default.WithBaseDirectory(baseDirectory))
            // Release code: notebooks train models, and debug codegen disables JIT optimisation.
            // Debug information is still emitted so stack traces carry cell line numbers.
            .WithOptimizationLevel(OptimizationLevel.Release)
            .WithEmitDebugInformation(true)
            .WithFileEncoding(Encoding.UTF8)
            .WithAllowUnsafe(true);
    }

    /// <summary>TorchSharp and MusicGen.TorchSharp when the host ships them beside itself (the CLI does), so notebook 09
    /// uses the second engine without <c>#r</c>; nothing elsewhere.</summary>
    static IEnumerable<System.Reflection.Assembly> TorchSharpAssemblies() =>
        new[] { "TorchSharp", "MusicGen.TorchSharp" }
            .Where(name => File.Exists(Path.Combine(AppContext.BaseDirectory, name + ".dll")))
            .Select(name => System.Reflection.Assembly.Load(name));
}
