namespace MusicGen.Notebooks.Tests.Interactive;

/// <summary>Runs the .NET Interactive workbook test alone, after the parallel tests: it keeps both
/// cores busy for minutes, and timing it beside other notebook runs would say nothing.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DotnetInteractiveCollection
{
    public const string Name = "dotnet-interactive workbook run";
}
