using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MusicGen.Notebooks.Execution;
using MusicGen.Notebooks.References;
using MusicGen.Notebooks.Tests.Engine;
using MusicGen.Notebooks.Tests.Workbook;

namespace MusicGen.Notebooks.Tests.Interactive;

/// <summary><c>#r "path"</c> and <c>#r "nuget: Id, Version"</c> in our engine, as .NET Interactive
/// reads them, and the notebooks' common setup cell.</summary>
public class ReferenceDirectiveTests
{
    public static string SetupCellPath => Path.Combine(WorkbookRun.RepositoryRoot(), "tests", "MusicGen.Notebooks.Tests", "Interactive", "setup-cell.csx");

    private static async Task<(CellResult Result, RecordingSink Sink)> Run(ScriptSession session, string code)
    {
        var sink = new RecordingSink();
        return (await session.ExecuteAsync(code, sink), sink);
    }

    [Fact]
    public async Task Setup_cell_runs_in_our_engine_on_the_engines_own_assemblies_without_restoring()
    {
        var dir = Directory.CreateTempSubdirectory("musicgen-setup-");
        try
        {
            var notebooks = Directory.CreateDirectory(Path.Combine(dir.FullName, "notebooks")).FullName;
            var session = new ScriptSession(notebooks);
            int before = NuGetRestorer.RestoresRun;
            var (r, sink) = await Run(session, File.ReadAllText(SetupCellPath));
            Assert.True(r.Succeeded, r.ErrorValue);
            Assert.Equal(before, NuGetRestorer.RestoresRun);
            // The ../lib path does not exist here: MusicGen.Core resolves to the engine's copy by name.
            var (r2, s2) = await Run(session, "typeof(MidiSong).Assembly.Location == typeof(MusicGen.Notebooks.Display.Formatter).Assembly.Location.Replace(\"MusicGen.Notebooks.dll\", \"MusicGen.Core.dll\")");
            Assert.True(r2.Succeeded, r2.ErrorValue);
            Assert.Equal("true", Assert.Single(s2.Bundles("result"))["text/plain"]);
            var (r3, s3) = await Run(session, "NoteTable.FromNotes(new[] { new Note(60, 90, 0, 0.5) }).ToDataFrame()");
            Assert.True(r3.Succeeded, r3.ErrorValue);
            Assert.Contains("DataFrame: 1 row × 6 columns", Assert.Single(s3.Bundles("result"))["text/html"]);
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void Setup_cell_imports_every_namespace_our_engine_imports_by_itself()
    {
        // A notebook that leans on an engine import must also compile under .NET Interactive.
        var usings = File.ReadAllLines(SetupCellPath).Where(l => l.StartsWith("using ", StringComparison.Ordinal))
            .Select(l => l["using ".Length..].TrimEnd(';')).ToHashSet();
        var missing = ScriptOptionsFactory.Create(Path.GetTempPath()).Imports
            .Where(n => n.StartsWith("MusicGen.", StringComparison.Ordinal) && n != "MusicGen.Notebooks.Display" && !usings.Contains(n)).ToList();
        Assert.True(missing.Count == 0, "setup cell lacks: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task A_relative_dll_path_resolves_against_the_notebook_folder()
    {
        var dir = Directory.CreateTempSubdirectory("musicgen-r-");
        try
        {
            var lib = Directory.CreateDirectory(Path.Combine(dir.FullName, "lib")).FullName;
            var notebooks = Directory.CreateDirectory(Path.Combine(dir.FullName, "notebooks")).FullName;
            var name = "Tiny" + Guid.NewGuid().ToString("N")[..8];
            var compilation = CSharpCompilation.Create(name,
                [CSharpSyntaxTree.ParseText("namespace TinyLib { public static class Hello { public static string Say() => \"hi from tiny\"; } }")],
                [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)], new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            Assert.True(compilation.Emit(Path.Combine(lib, name + ".dll")).Success);
            var session = new ScriptSession(notebooks);
            var (r, sink) = await Run(session, $"#r \"../lib/{name}.dll\"\nTinyLib.Hello.Say()");
            Assert.True(r.Succeeded, r.ErrorValue);
            Assert.Equal("hi from tiny", Assert.Single(sink.Bundles("result"))["text/plain"]);
        }
        finally { try { dir.Delete(true); } catch (UnauthorizedAccessException) { } catch (IOException) { } }
    }

    [Fact]
    public async Task A_malformed_nuget_reference_is_one_clear_cell_error()
    {
        var session = new ScriptSession(Path.GetTempPath());
        var (r, _) = await Run(session, "#r \"nuget: Bad Name, 1.0\"\n1");
        Assert.False(r.Succeeded);
        Assert.Equal("NuGetRestoreException", r.ErrorName);
        Assert.Equal("#r \"nuget: Bad Name, 1.0\": write #r \"nuget: Package.Id, 1.2.3\".", r.ErrorValue);
    }

    [Fact]
    public void A_package_the_feeds_lack_fails_with_one_line_naming_it()
    {
        // Offline and deterministic: a NuGet.Config in the cache root replaces the feeds by an empty folder.
        var root = Directory.CreateTempSubdirectory("musicgen-nuget-");
        try
        {
            var feed = Directory.CreateDirectory(Path.Combine(root.FullName, "feed")).FullName;
            File.WriteAllText(Path.Combine(root.FullName, "NuGet.Config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources><clear /><add key="local" value="{feed}" /></packageSources>
                  <config><add key="globalPackagesFolder" value="{Path.Combine(root.FullName, "packages")}" /></config>
                </configuration>
                """);
            var restorer = new NuGetRestorer(root.FullName);
            var e = Assert.Throws<NuGetRestoreException>(() => restorer.Restore(new NuGetReference("MusicGen.Absent", "1.0.0")));
            Assert.StartsWith("#r \"nuget: MusicGen.Absent, 1.0.0\": cannot restore the package: error NU1101: Unable to find package MusicGen.Absent.", e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
        finally { root.Delete(true); }
    }

    [Fact]
    public async Task A_nuget_package_the_engine_lacks_is_restored_referenced_and_cached()
    {
        var session = new ScriptSession(Path.GetTempPath());
        var (r, sink) = await Run(session, "#r \"nuget: Humanizer.Core, 2.14.1\"\nusing Humanizer;\n\"piano_roll_frames\".Humanize()");
        Assert.True(r.Succeeded, r.ErrorValue);
        Assert.Equal("piano roll frames", Assert.Single(sink.Bundles("result"))["text/plain"]);
        var paths = NuGetRestorer.Shared.Restore(new NuGetReference("Humanizer.Core", "2.14.1"));
        Assert.Contains(paths, p => Path.GetFileName(p) == "Humanizer.dll" && File.Exists(p));
    }
}
