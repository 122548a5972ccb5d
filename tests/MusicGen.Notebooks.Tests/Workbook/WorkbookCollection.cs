namespace MusicGen.Notebooks.Tests.Workbook;

/// <summary>One quick run of the whole workbook shared by the tests that inspect it.</summary>
[CollectionDefinition(Name)]
public sealed class WorkbookCollection : ICollectionFixture<WorkbookRun>
{
    public const string Name = "workbook quick run";
}
