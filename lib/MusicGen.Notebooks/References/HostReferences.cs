namespace MusicGen.Notebooks.References;

/// <summary>Assemblies every cell references besides MusicGen.Core, so a notebook uses DataFrame,
/// Plotly.NET and XPlot without <c>#r</c> (a <c>#r</c> for them resolves to these same copies).</summary>
internal static class HostReferences
{
    public static IEnumerable<System.Reflection.Assembly> Interop =>
    [
        typeof(Interop.DataFrameConversions).Assembly,
        typeof(Microsoft.Data.Analysis.DataFrame).Assembly,
        typeof(Plotly.NET.GenericChart).Assembly,
        typeof(Plotly.NET.CSharp.Chart).Assembly,
        typeof(XPlot.Plotly.PlotlyChart).Assembly,
        typeof(Microsoft.FSharp.Core.FSharpOption<>).Assembly,
    ];
}
