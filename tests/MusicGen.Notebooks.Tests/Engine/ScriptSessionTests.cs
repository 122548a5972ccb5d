using MusicGen.Notebooks.Execution;

namespace MusicGen.Notebooks.Tests.Engine;

/// <summary>One Roslyn session shared by the tests of this class: the first compile costs seconds.</summary>
public sealed class SharedSessionFixture
{
    public ScriptSession Session { get; } = new();

    /// <summary>Serialises tests on the shared session so their cells do not interleave.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);
}

public sealed class ScriptSessionTests(SharedSessionFixture fixture) : IClassFixture<SharedSessionFixture>
{
    private async Task<(CellResult Result, RecordingSink Sink)> Run(string code)
    {
        var sink = new RecordingSink();
        var result = await fixture.Session.ExecuteAsync(code, sink);
        return (result, sink);
    }

    [Fact]
    public async Task Variables_usings_and_types_carry_over_between_cells()
    {
        var (r1, _) = await Run("using System.Text.RegularExpressions;\nvar stateA = 40;\nrecord Pt(int X, int Y);");
        Assert.True(r1.Succeeded);
        var (r2, s2) = await Run("var m = Regex.Match(\"ab12\", @\"\\d+\");\nstateA + int.Parse(m.Value) - 10 + new Pt(0, 0).X");
        Assert.True(r2.Succeeded, r2.ErrorValue);
        Assert.Equal("42", Assert.Single(s2.Bundles("result"))["text/plain"]);
        Assert.True(fixture.Session.TryGetVariable("stateA", out var v));
        Assert.Equal(40, v);
    }

    [Fact]
    public async Task A_trailing_expression_is_the_result_but_not_with_a_semicolon_or_void()
    {
        Assert.Equal("3", Assert.Single((await Run("1 + 2")).Sink.Bundles("result"))["text/plain"]);
        Assert.Empty((await Run("1 + 2;")).Sink.Bundles("result"));
        Assert.Empty((await Run("Console.Write(\"\")")).Sink.Bundles("result"));
        Assert.Equal("null", Assert.Single((await Run("(string?)null")).Sink.Bundles("result"))["text/plain"]);
    }

    [Fact]
    public async Task Console_output_becomes_separate_stdout_and_stderr_streams()
    {
        var (r, sink) = await Run("Console.WriteLine(\"to out\");\nConsole.Error.WriteLine(\"to err\");\nawait Task.Run(() => Console.WriteLine(\"from task\"));");
        Assert.True(r.Succeeded, r.ErrorValue);
        Assert.Equal("to out\nfrom task\n", sink.StreamText("stdout"));
        Assert.Equal("to err\n", sink.StreamText("stderr"));
    }

    [Fact]
    public async Task Display_shows_now_and_its_handle_updates_in_place()
    {
        var (r, sink) = await Run("var h = display(new[] { 1, 2, 3 });\nDisplay(\"<b>x</b>\", \"text/html\");\nh.Update(\"done\");");
        Assert.True(r.Succeeded, r.ErrorValue);
        var shown = sink.Events.Where(e => e.Kind == "display").ToList();
        Assert.Equal(2, shown.Count);
        Assert.Equal("[1, 2, 3]", shown[0].Bundle!["text/plain"]);
        Assert.Equal("<b>x</b>", shown[1].Bundle!["text/html"]);
        var update = Assert.Single(sink.Events, e => e.Kind == "update");
        Assert.Equal(shown[0].Name, update.Name);
        Assert.Equal("done", update.Bundle!["text/plain"]);
    }

    [Fact]
    public async Task A_compile_error_names_the_cell_relative_line_and_column()
    {
        var (r, sink) = await Run("var ok = 1;\n\n  undefinedThing + 1");
        Assert.False(r.Succeeded);
        Assert.Equal("CompilationError", r.ErrorName);
        Assert.StartsWith("(3,3): error CS0103:", r.ErrorValue);
        Assert.Equal("CompilationError", Assert.Single(sink.Events, e => e.Kind == "error").Name);
    }

    [Fact]
    public async Task A_runtime_exception_reports_type_message_and_cell_relative_line()
    {
        var (r, sink) = await Run("int Twice(int x)\n{\n    return x * 2 / (x - x);\n}\nvar a = 1;\nvar b = Twice(a);");
        Assert.False(r.Succeeded);
        Assert.Equal("DivideByZeroException", r.ErrorName);
        Assert.Equal(new DivideByZeroException().Message, r.ErrorValue);
        var frames = string.Join("\n", r.Traceback);
        Assert.Contains($"at Twice(Int32 x) in cell {r.ExecutionCount}, line 3", frames);
        Assert.Contains($"at <cell> in cell {r.ExecutionCount}, line 6", frames);
        Assert.DoesNotContain("Microsoft.CodeAnalysis", frames);
        Assert.Single(sink.Events, e => e.Kind == "error");
    }

    [Fact]
    public async Task Completion_offers_members_after_a_dot_and_names_in_scope()
    {
        await Run("var completionList = new List<int> { 1 };");
        var code = "completionList.Cou";
        var members = await fixture.Session.CompleteAsync(code, code.Length);
        var count = Assert.Single(members, m => m.Text == "Count");
        Assert.Equal((15, 18), (count.ReplaceStart, count.ReplaceEnd));
        var names = await fixture.Session.CompleteAsync("completionL", 11);
        Assert.Contains(names, m => m.Text == "completionList");
        var globals = await fixture.Session.CompleteAsync("disp", 4);
        Assert.Contains(globals, m => m.Text == "display");
    }

    [Fact]
    public async Task Input_asks_the_sink_and_fails_clearly_without_one()
    {
        var sink = new RecordingSink { Input = prompt => prompt == "pitch? " ? "60" : "?" };
        var r = await fixture.Session.ExecuteAsync("int.Parse(input(\"pitch? \")) + 1", sink);
        Assert.True(r.Succeeded, r.ErrorValue);
        Assert.Equal(61, r.ReturnValue);
        var (failed, _) = await Run("input()");
        Assert.Equal("InvalidOperationException", failed.ErrorName);
    }

    [Theory]
    [InlineData("var x = 1;", SubmissionCompleteness.Complete)]
    [InlineData("", SubmissionCompleteness.Complete)]
    [InlineData("for (int i = 0; i < 3; i++) {", SubmissionCompleteness.Incomplete)]
    [InlineData("var s = \"\"\"\nabc", SubmissionCompleteness.Incomplete)]
    [InlineData("var x = = 1;", SubmissionCompleteness.Invalid)]
    [InlineData("int 3x = 1;", SubmissionCompleteness.Invalid)]
    public void Is_complete_tells_incomplete_from_invalid(string code, SubmissionCompleteness expected) =>
        Assert.Equal(expected, fixture.Session.IsComplete(code));
}
