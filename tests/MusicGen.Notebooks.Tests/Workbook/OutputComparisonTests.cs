using MusicGen.Notebooks.Display;
using MusicGen.Notebooks.Ipynb;

namespace MusicGen.Notebooks.Tests.Workbook;

public sealed class OutputComparisonTests
{
    private static Notebook With(params NotebookOutput[] outputs)
    {
        var nb = Notebook.Create();
        var cell = NotebookCell.Code("x", "c");
        cell.Outputs.AddRange(outputs);
        nb.Cells.Add(cell);
        return nb;
    }

    private static NotebookOutput Plotly(string json) =>
        NotebookOutput.DisplayData(new MimeBundle { ["application/vnd.plotly.v1+json"] = json, ["text/plain"] = "Figure" });

    [Fact]
    public void Json_numbers_compare_by_value_and_keys_by_name()
    {
        Assert.Empty(OutputComparison.Differences(With(Plotly("{\"x\":[1,1E-05],\"a\":2}")), With(Plotly("{\"a\": 2.0, \"x\": [1.0, 1e-05]}"))));
        Assert.NotEmpty(OutputComparison.Differences(With(Plotly("{\"x\":[1,2]}")), With(Plotly("{\"x\":[1,2.5]}"))));
    }

    [Fact]
    public void Stream_chunks_are_joined_and_durations_masked_but_other_text_must_match()
    {
        var engine = With(NotebookOutput.Stream("stdout", "epoch 1: 12.5 s, 850 seq/s\nloss 0.25\n"));
        var kernel = With(NotebookOutput.Stream("stdout", "epoch 1: 9.1 s, 1,020 seq/s\n"), NotebookOutput.Stream("stdout", "loss 0.25\n"));
        Assert.Empty(OutputComparison.Differences(engine, kernel));
        var other = With(NotebookOutput.Stream("stdout", "epoch 1: 9.1 s, 1,020 seq/s\nloss 0.26\n"));
        Assert.Single(OutputComparison.Differences(engine, other));
    }

    [Fact]
    public void A_missing_output_or_a_different_kind_is_reported()
    {
        var a = With(NotebookOutput.Stream("stdout", "x\n"), Plotly("{}"));
        Assert.Single(OutputComparison.Differences(a, With(NotebookOutput.Stream("stdout", "x\n"))));
        Assert.Single(OutputComparison.Differences(a, With(NotebookOutput.Stream("stderr", "x\n"), Plotly("{}"))));
    }
}
