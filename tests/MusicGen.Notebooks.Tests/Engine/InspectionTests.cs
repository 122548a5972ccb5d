using MusicGen.Notebooks.Execution;

namespace MusicGen.Notebooks.Tests.Engine;

/// <summary>Shift-Tab (inspect_request) and the language_info frontends compare with the notebook's.</summary>
public sealed class InspectionTests
{
    [Fact]
    public async Task Inspection_inside_a_calls_parentheses_shows_its_overloads_and_docs()
    {
        var session = new ScriptSession();
        var sqrt = await session.InspectAsync("var r = Math.Sqrt(", "var r = Math.Sqrt(".Length);
        Assert.NotNull(sqrt);
        Assert.Contains("Math.Sqrt(double", sqrt);
        // The summary comes from the SDK's reference pack when it is installed (it is wherever tests build).
        Assert.Contains("square root", sqrt);
        var max = await session.InspectAsync("Math.Max(1, ", "Math.Max(1, ".Length);
        Assert.Contains("Math.Max(int", max);
        Assert.Contains("Math.Max(double", max);
        // On a name; and in a call of our own library, whose XML docs sit beside it.
        Assert.Contains("Console.WriteLine", await session.InspectAsync("Console.WriteLine(1)", 10));
        var note = await session.InspectAsync("new Note(", "new Note(".Length);
        Assert.Contains("Note(", note);
        Assert.Contains("\n    ", note); // a doc summary line under the signature (MusicGen.Core.xml)
        Assert.Null(await session.InspectAsync("1 + 2", 3));
    }

    [Fact]
    public void The_kernel_reports_the_language_info_the_runner_writes_and_the_version_Roslyn_compiles()
    {
        var notebook = MusicGen.Notebooks.Ipynb.Notebook.Create();
        notebook.SetCSharpMetadata();
        var reply = MusicGen.Notebooks.Kernel.KernelInfo.Content();
        Assert.Equal(notebook.Metadata["language_info"]!.ToJsonString(), reply["language_info"]!.ToJsonString());
        var effective = Microsoft.CodeAnalysis.CSharp.LanguageVersionFacts.MapSpecifiedToEffectiveVersion(
            Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest);
        Assert.Equal(Microsoft.CodeAnalysis.CSharp.LanguageVersionFacts.ToDisplayString(effective), (string?)reply["language_info"]!["version"]);
        Assert.Equal("15.0", (string?)reply["language_info"]!["version"]); // Roslyn 5.12: Latest is C# 15
    }
}
