using System.Reflection;

namespace MusicGen.Interop;

/// <summary>
/// The setup cell's one call for the official .NET Interactive kernel (Polyglot Notebooks). There it
/// (1) lets Plotly.NET 6.0.0 run on the kernel's FSharp.Core 10.0 (<see cref="FSharpCoreBridge"/>) and
/// (2) registers formatters, through <c>Microsoft.DotNet.Interactive.Formatting.Formatter</c> found by
/// reflection (so this library needs no .NET Interactive package), for Plotly.NET <c>GenericChart</c>,
/// XPlot.Plotly <c>PlotlyChart</c> and <see cref="PlotlyFigure"/>: each displays as plain text, the
/// Plotly MIME type <c>application/vnd.plotly.v1+json</c> (VS Code and JupyterLab draw it
/// interactively) and HTML that draws offline: the first chart's HTML in a session carries plotly.js
/// (Plotly.NET's embedded 2.28.0; about 3.6 MB, once), later charts use it. Chart packages referenced
/// after this call are registered as they load. In our own engine and kernel, which display these
/// types by themselves, it only installs the FSharp.Core hook (never consulted there).
/// </summary>
public static class DotnetInteractive
{
    public const string PlotlyMimeType = "application/vnd.plotly.v1+json";

    private const string FormattingAssembly = "Microsoft.DotNet.Interactive.Formatting";
    private static readonly string[] s_mimeTypes = ["text/plain", PlotlyMimeType, "text/html"];
    private static readonly object s_gate = new();
    private static readonly HashSet<Type> s_registered = [];
    private static MethodInfo? s_register, s_setPreferred;
    private static int s_plotlyJsSent;

    /// <summary>True inside .NET Interactive (its formatting assembly is loaded in this process).</summary>
    public static bool IsRunning => FormatterType() is not null;

    /// <summary>The chart types registered so far (empty outside .NET Interactive).</summary>
    public static IReadOnlyCollection<Type> RegisteredTypes { get { lock (s_gate) return [.. s_registered]; } }

    /// <summary>Installs the FSharp.Core hook and, inside .NET Interactive, the chart formatters.
    /// Safe to call again.</summary>
    public static void Setup()
    {
        FSharpCoreBridge.Install();
        var formatter = FormatterType();
        if (formatter is null) return;
        lock (s_gate)
        {
            if (s_register is not null) return;
            s_register = formatter.GetMethod("Register", [typeof(Type), typeof(Action<object, TextWriter>), typeof(string)]);
            s_setPreferred = formatter.GetMethod("SetPreferredMimeTypesFor", [typeof(Type), typeof(string[])]);
            if (s_register is null || s_setPreferred is null)
                throw new InvalidOperationException($"{FormattingAssembly}: Formatter has no Register(Type, Action<object, TextWriter>, string) or " +
                                                    "SetPreferredMimeTypesFor(Type, string[]); this .NET Interactive version is not one MusicGen.Interop knows (1.0.712001).");
        }
        Register(typeof(PlotlyFigure), "PlotlyFigure", o => ((PlotlyFigure)o).Json);
        AppDomain.CurrentDomain.AssemblyLoad += (_, e) => RegisterCharts(e.LoadedAssembly);
        foreach (var a in AppDomain.CurrentDomain.GetAssemblies()) RegisterCharts(a);
    }

    private static Type? FormatterType() =>
        AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == FormattingAssembly)
            ?.GetType("Microsoft.DotNet.Interactive.Formatting.Formatter");

    /// <summary>Registers the chart type an assembly defines, when it is the package version (or
    /// later) this library was built against; the casts below bind to that version.</summary>
    private static void RegisterCharts(Assembly assembly)
    {
        var name = assembly.GetName();
        var (typeName, label, json) = name.Name switch
        {
            "Plotly.NET" => ("Plotly.NET.GenericChart", "Plotly.NET chart", (Func<object, string>)GenericChartJson),
            "XPlot.Plotly" => ("XPlot.Plotly.PlotlyChart", "XPlot.Plotly chart", XPlotChartJson),
            _ => (null, null, null),
        };
        if (typeName is null || label is null || json is null) return;
        var built = typeof(DotnetInteractive).Assembly.GetReferencedAssemblies().FirstOrDefault(r => r.Name == name.Name)?.Version;
        if (built is not null && name.Version is not null && name.Version < built) return;
        if (assembly.GetType(typeName) is not { } type) return;
        Register(type, label, json);
        // GenericChart is an F# union: the values are of its nested case classes.
        foreach (var nested in type.GetNestedTypes().Where(type.IsAssignableFrom)) Register(nested, label, json);
    }

    private static string GenericChartJson(object chart) => PlotlyCharts.ToFigureJson((Plotly.NET.GenericChart)chart);

    private static string XPlotChartJson(object chart) => PlotlyCharts.ToFigureJson((XPlot.Plotly.PlotlyChart)chart);

    private static void Register(Type type, string label, Func<object, string> json)
    {
        lock (s_gate)
        {
            if (s_register is null || !s_registered.Add(type)) return;
            s_register.Invoke(null, [type, (Action<object, TextWriter>)((o, w) => w.Write(PlainText(label, json(o)))), "text/plain"]);
            s_register.Invoke(null, [type, (Action<object, TextWriter>)((o, w) => w.Write(json(o))), PlotlyMimeType]);
            s_register.Invoke(null, [type, (Action<object, TextWriter>)((o, w) => w.Write(Html(json(o)))), "text/html"]);
            s_setPreferred!.Invoke(null, [type, s_mimeTypes]);
        }
    }

    private static string PlainText(string label, string figureJson)
    {
        int n = new PlotlyFigure(figureJson).Traces;
        return $"{label} ({n} trace{(n == 1 ? "" : "s")})";
    }

    /// <summary>The chart's HTML; the first in this process also carries plotly.js. Its UMD header
    /// would register with an AMD loader (RequireJS in Jupyter's classic page) instead of setting
    /// <c>window.Plotly</c>, so <c>define</c>, <c>exports</c> and <c>module</c> are hidden from it.</summary>
    internal static string Html(string figureJson)
    {
        var chart = PlotlyCharts.ToHtml(figureJson);
        if (Interlocked.Exchange(ref s_plotlyJsSent, 1) == 1) return chart;
        string js;
        try { js = PlotlyCharts.PlotlyJs; }
        catch (FileNotFoundException) { Interlocked.Exchange(ref s_plotlyJsSent, 0); return chart; }
        return "<script>/* plotly.js 2.28.0 (MIT), from Plotly.NET; sent once per session */\nif (!window.Plotly) (function (define, exports, module) {\n"
               + js.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase) + "\n})();</script>\n" + chart;
    }
}
