using System.Text.Json;
using System.Text.RegularExpressions;

namespace MusicGen.Interop;

/// <summary>
/// Plotly figures from the two chart packages, as the <c>application/vnd.plotly.v1+json</c>
/// payload (<c>{"data": [...], "layout": {...}}</c>, plotly.js's figure schema) that VS Code and
/// JupyterLab draw interactively, plus an HTML form that draws with a plotly.js the page already
/// has (our HTML export embeds one; nothing is fetched from a CDN). The plotly.js source is the copy
/// Plotly.NET embeds in its assembly (resource <c>Plotly.NET.plotly-2.28.0.min.js</c>, MIT).
/// </summary>
public static partial class PlotlyCharts
{
    /// <summary>The Plotly.NET resource holding plotly.js.</summary>
    public const string PlotlyJsResource = "Plotly.NET.plotly-2.28.0.min.js";

    private static readonly Lazy<string> s_plotlyJs = new(() =>
    {
        try
        {
            using var stream = BoundPlotlyNet().GetManifestResourceStream(PlotlyJsResource)
                ?? throw new InvalidOperationException($"Plotly.NET has no embedded resource {PlotlyJsResource}.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (FileNotFoundException)
        {
            return ReadFromPackage();
        }
    });

    /// <summary>Where nothing supplies Plotly.NET (.NET Interactive with only XPlot referenced): the
    /// resource read straight from the file in the NuGet packages folder this library was built from,
    /// without loading it as an assembly (a second Plotly.NET in the process would confuse binding).</summary>
    internal static string ReadFromPackage()
    {
        var version = typeof(PlotlyCharts).Assembly.GetReferencedAssemblies().First(a => a.Name == "Plotly.NET").Version!;
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var path = Path.Combine(packages, "plotly.net", version.ToString(3), "lib", "netstandard2.0", "Plotly.NET.dll");
        if (!File.Exists(path)) throw new FileNotFoundException($"plotly.js: Plotly.NET is not loaded and {path} does not exist (#r \"nuget: Plotly.NET, {version.ToString(3)}\" supplies it).", path);
        using var pe = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(path));
        var md = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        foreach (var handle in md.ManifestResources)
        {
            var resource = md.GetManifestResource(handle);
            if (!resource.Implementation.IsNil || md.GetString(resource.Name) != PlotlyJsResource) continue;
            // Embedded resources sit in the CLI header's resources block, each as a 4-byte length and
            // then the bytes, at the offset its ManifestResource row gives.
            var block = pe.GetSectionData(pe.PEHeaders.CorHeader!.ResourcesDirectory.RelativeVirtualAddress).GetReader();
            block.Offset = checked((int)resource.Offset);
            int length = block.ReadInt32();
            return System.Text.Encoding.UTF8.GetString(block.ReadBytes(length));
        }
        throw new InvalidOperationException($"{path} has no embedded resource {PlotlyJsResource}.");
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static System.Reflection.Assembly BoundPlotlyNet() => typeof(Plotly.NET.GenericChart).Assembly;

    /// <summary>plotly.js (minified), for pages that must work offline.</summary>
    public static string PlotlyJs => s_plotlyJs.Value;

    /// <summary>The figure JSON of a Plotly.NET chart (<c>GenericChart.toFigureJson</c>).</summary>
    public static string ToFigureJson(Plotly.NET.GenericChart chart) => Plotly.NET.GenericChart.toFigureJson(chart);

    /// <summary>The figure JSON of an XPlot.Plotly chart. XPlot 4.1.0 serializes only into its
    /// script (<c>var data = …; var layout = …;</c>), so the two JSON values are read from there.</summary>
    public static string ToFigureJson(XPlot.Plotly.PlotlyChart chart)
    {
        var js = chart.GetInlineJS();
        var data = XPlotData().Match(js);
        var layout = XPlotLayout().Match(js);
        if (!data.Success || !layout.Success) throw new InvalidOperationException("XPlot.Plotly's script no longer has 'var data = …;' and 'var layout = …;'.");
        using var dataDoc = JsonDocument.Parse(data.Groups[1].Value);
        using var layoutDoc = JsonDocument.Parse(layout.Groups[1].Value);
        var layoutJson = layoutDoc.RootElement.ValueKind == JsonValueKind.Object ? layout.Groups[1].Value : "{}";
        return $"{{\"data\":{data.Groups[1].Value},\"layout\":{layoutJson}}}";
    }

    /// <summary>The chart as a <see cref="PlotlyFigure"/>, which displays through the formatter
    /// convention. Not an extension method: an extension on a Plotly.NET type in this namespace
    /// would make every <c>x.ToPlotlyFigure()</c> need a reference to Plotly.NET (CS0012).</summary>
    public static PlotlyFigure ToPlotlyFigure(Plotly.NET.GenericChart chart) => new(ToFigureJson(chart));

    /// <summary>A div that plotly.js fills in when the page has it (<c>window.Plotly</c>), and a
    /// one-line note otherwise.</summary>
    public static string ToHtml(string figureJson)
    {
        // "</" inside a JSON string would end the script element early.
        figureJson = figureJson.Replace("</", "<\\/", StringComparison.Ordinal);
        var id = "plotly-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(figureJson)))[..16].ToLowerInvariant();
        return $"<div id=\"{id}\" class=\"musicgen-plotly\"></div>\n<script>(function () {{ var el = document.getElementById('{id}'); var fig = {figureJson};\n"
             + "if (window.Plotly) { window.Plotly.newPlot(el, fig.data, fig.layout || {}, {responsive: true}); }\n"
             + "else { el.textContent = 'Interactive Plotly chart: open it in VS Code or JupyterLab, or in the HTML export.'; } })();</script>";
    }

    [GeneratedRegex(@"var data = (.*?);\s*\n", RegexOptions.Singleline)]
    private static partial Regex XPlotData();

    [GeneratedRegex(@"var layout = (.*?);\s*\n", RegexOptions.Singleline)]
    private static partial Regex XPlotLayout();
}
