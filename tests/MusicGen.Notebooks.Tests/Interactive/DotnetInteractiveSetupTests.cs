using System.Reflection;
using System.Runtime.Loader;
using MusicGen.Interop;

namespace MusicGen.Notebooks.Tests.Interactive;

/// <summary><see cref="DotnetInteractive.Setup"/> and <see cref="FSharpCoreBridge"/> in this
/// process (not .NET Interactive); their effect inside that kernel is checked by
/// <see cref="DotnetInteractiveTests"/>.</summary>
public class DotnetInteractiveSetupTests
{
    private const string Token = "b03f5f7f11d50a3a";

    [Fact]
    public void The_bridge_answers_a_later_minor_FSharp_Core_with_the_loaded_one_and_nothing_else()
    {
        // A load context of our own holding this build's FSharp.Core, as the kernel's holds its 10.0.
        var context = new AssemblyLoadContext("fsharp-core-bridge-test", isCollectible: true);
        var empty = new AssemblyLoadContext("fsharp-core-bridge-empty", isCollectible: true);
        try
        {
            var loaded = context.LoadFromAssemblyPath(Path.Combine(AppContext.BaseDirectory, "FSharp.Core.dll"));
            var v = loaded.GetName().Version!;
            AssemblyName Name(string text) => new(text + $", Culture=neutral, PublicKeyToken={Token}");
            int before = FSharpCoreBridge.Substitutions;
            Assert.Same(loaded, FSharpCoreBridge.Resolve(context, Name($"FSharp.Core, Version={v.Major}.{v.Minor + 1}.0.0")));
            Assert.Equal(before + 1, FSharpCoreBridge.Substitutions);
            Assert.Null(FSharpCoreBridge.Resolve(context, Name($"FSharp.Core, Version={v.Major + 1}.0.0.0")));
            Assert.Null(FSharpCoreBridge.Resolve(context, Name($"FSharp.Data, Version={v.Major}.{v.Minor}.0.0")));
            Assert.Null(FSharpCoreBridge.Resolve(empty, Name($"FSharp.Core, Version={v.Major}.{v.Minor + 1}.0.0")));
            Assert.Equal(before + 1, FSharpCoreBridge.Substitutions);
        }
        finally
        {
            context.Unload();
            empty.Unload();
        }
    }

    [Fact]
    public void Outside_dotnet_interactive_setup_registers_nothing()
    {
        DotnetInteractive.Setup();
        Assert.False(DotnetInteractive.IsRunning);
        Assert.Empty(DotnetInteractive.RegisteredTypes);
    }

    [Fact]
    public void Chart_html_carries_plotly_js_once_and_hides_it_from_an_AMD_loader()
    {
        const string figure = "{\"data\":[{\"type\":\"bar\",\"y\":[1,2]}],\"layout\":{}}";
        var first = DotnetInteractive.Html(figure);
        var second = DotnetInteractive.Html(figure);
        var withJs = first.Contains("plotly.js v2.28.0", StringComparison.Ordinal) ? first : second;
        var without = ReferenceEquals(withJs, first) ? second : first;
        Assert.Contains("(function (define, exports, module) {", withJs, StringComparison.Ordinal);
        Assert.DoesNotContain("</script", withJs[(withJs.IndexOf("plotly.js v2.28.0", StringComparison.Ordinal))..withJs.IndexOf("})();</script>", StringComparison.Ordinal)], StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("plotly.js v2.28.0", without, StringComparison.Ordinal);
        Assert.Equal(PlotlyCharts.ToHtml(figure), without);
    }

    [Fact]
    public void Plotly_js_read_from_the_package_file_is_the_embedded_resource()
    {
        // The path taken when Plotly.NET is not loaded (.NET Interactive with XPlot only).
        var fromFile = PlotlyCharts.ReadFromPackage();
        Assert.StartsWith("/**\n* plotly.js v2.28.0", fromFile.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(PlotlyCharts.PlotlyJs, fromFile);
    }
}
