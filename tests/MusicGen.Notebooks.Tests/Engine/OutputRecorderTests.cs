using MusicGen.Notebooks.Display;
using MusicGen.Notebooks.Ipynb;
using MusicGen.Notebooks.Running;

namespace MusicGen.Notebooks.Tests.Engine;

public sealed class OutputRecorderTests
{
    [Fact]
    public void Many_stream_writes_merge_into_one_output_per_run_of_the_same_stream()
    {
        // 40,000 lines once took ~55 s (string += text per write); recording is now linear. Speed is
        // measured by hand (see the issue), this test checks that the text is exact.
        var cell = NotebookCell.Code("x");
        var recorder = new NotebookOutputRecorder();
        recorder.BeginCell(cell, 1);
        var expected = new System.Text.StringBuilder();
        for (int i = 0; i < 40_000; i++)
        {
            recorder.Stream("stdout", i + "\n");
            expected.Append(i).Append('\n');
        }
        recorder.Stream("stderr", "warn\n");
        recorder.Stream("stderr", "again\n");
        recorder.Stream("stdout", "tail");
        recorder.Display(MimeBundle.PlainText("shown"), null);
        recorder.Stream("stdout", "after");
        recorder.Close();
        recorder.Stream("stdout", "ignored after close");

        Assert.Equal(5, cell.Outputs.Count);
        Assert.Equal(expected.ToString(), cell.Outputs[0].Text);
        Assert.Equal("warn\nagain\n", cell.Outputs[1].Text);
        Assert.Equal("tail", cell.Outputs[2].Text);
        Assert.Equal(NotebookOutput.DisplayDataType, cell.Outputs[3].OutputType);
        Assert.Equal("after", cell.Outputs[4].Text);
    }

    [Fact]
    public void Flush_makes_pending_text_visible_and_later_writes_continue_the_same_output()
    {
        var cell = NotebookCell.Code("x");
        var recorder = new NotebookOutputRecorder();
        recorder.BeginCell(cell, 1);
        recorder.Stream("stdout", "a");
        recorder.Stream("stdout", "b");
        recorder.Flush();
        Assert.Equal("ab", cell.Outputs.Single().Text);
        recorder.Stream("stdout", "c");
        recorder.Close();
        Assert.Equal("abc", cell.Outputs.Single().Text);
    }
}
