namespace MusicGen.Notebooks.Tests.Interactive;

/// <summary>
/// Plotly.NET 6.0.0 and its companions were compiled against FSharp.Core 10.1; .NET Interactive
/// 1.0.712001 runs them on its own FSharp.Core 10.0 through <c>FSharpCoreBridge</c>. Every FSharp.Core
/// type and member they reference must exist in that 10.0 file, or some chart would fail at run time
/// with a MissingMethodException the notebook test never reaches.
/// </summary>
[Collection(DotnetInteractiveCollection.Name)]
public sealed class FSharpCoreSubstitutionTests(Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>The FSharp.Core .NET Interactive loads at start-up, from the installed tool.</summary>
    private static string KernelFSharpCore()
    {
        DotnetInteractiveTests.EnsureTool();
        var found = Directory.GetFiles(DotnetInteractiveTests.ToolPath, "FSharp.Core.dll", SearchOption.AllDirectories)
            .Where(p => p.Contains($"{Path.DirectorySeparatorChar}tools{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).ToList();
        return Assert.Single(found);
    }

    /// <summary>The assemblies in our build output that ask for a newer FSharp.Core than the kernel's,
    /// except our engine (MusicGen.Notebooks.dll), which .NET Interactive never loads.</summary>
    private static List<string> NeedingNewerFSharpCore(string kernelCore) =>
        [.. Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
            .Where(p => Path.GetFileName(p) != "MusicGen.Notebooks.dll" && FSharpCoreMemberCheck.ReferencesNewerFSharpCore(p, kernelCore))
            .Order(StringComparer.Ordinal)];

    [Fact]
    public void Plotly_NET_uses_nothing_the_kernels_FSharp_Core_lacks()
    {
        var kernelCore = KernelFSharpCore();
        var needing = NeedingNewerFSharpCore(kernelCore);
        // The substitution is there for these three; if the set changes, look again.
        Assert.Equal(["DynamicObj.dll", "Plotly.NET.CSharp.dll", "Plotly.NET.dll"], needing.Select(Path.GetFileName));
        foreach (var assembly in needing)
        {
            var (count, missing) = FSharpCoreMemberCheck.Check(assembly, kernelCore);
            output.WriteLine($"{Path.GetFileName(assembly)}: {count} FSharp.Core types and members referenced, {missing.Count} missing from {kernelCore}");
            Assert.True(count > 0, $"{Path.GetFileName(assembly)}: only {count} FSharp.Core references found; the check reads nothing");
            Assert.True(missing.Count == 0, $"{Path.GetFileName(assembly)} uses FSharp.Core members that {kernelCore} lacks:\n" + string.Join("\n", missing));
        }
    }

    [Fact]
    public void The_member_check_finds_what_a_file_lacks()
    {
        // Against the FSharp.Core it was compiled with, nothing is missing; against a file that is not
        // FSharp.Core at all, every reference is.
        var plotly = Path.Combine(AppContext.BaseDirectory, "Plotly.NET.dll");
        var (count, missing) = FSharpCoreMemberCheck.Check(plotly, Path.Combine(AppContext.BaseDirectory, "FSharp.Core.dll"));
        Assert.Empty(missing);
        var (countElsewhere, missingElsewhere) = FSharpCoreMemberCheck.Check(plotly, typeof(object).Assembly.Location);
        Assert.Equal(count, countElsewhere);
        Assert.Equal(count, missingElsewhere.Count);
    }
}
