using MusicGen.Notebooks.Display;
using MusicGen.Notebooks.Export;
using MusicGen.Notebooks.Ipynb;

namespace MusicGen.Notebooks.Tests.Engine;

public sealed class HtmlExportTests
{
    private static Notebook Executed()
    {
        var nb = Notebook.Read(FixturePaths.EngineSample);
        var code = nb.Cells.Single(c => c.Id == "table");
        code.ExecutionCount = 2;
        code.Outputs.Add(NotebookOutput.Stream("stdout", "n = 2\n"));
        code.Outputs.Add(NotebookOutput.Stream("stderr", "\u001b[31mwarning\u001b[0m: careful\n"));
        code.Outputs.Add(NotebookOutput.ExecuteResult(new MimeBundle
        {
            ["text/plain"] = "[{ Index = 0 }]",
            ["text/html"] = "<table class=\"musicgen-table\"><tr><td>0</td></tr></table>",
        }, 2));
        var svg = nb.Cells.Single(c => c.Id == "svg");
        svg.Outputs.Clear();
        svg.Outputs.Add(NotebookOutput.DisplayData(new MimeBundle
        {
            ["text/plain"] = "<svg>",
            ["image/svg+xml"] = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>",
        }));
        svg.Outputs.Add(NotebookOutput.DisplayData(new MimeBundle { ["text/plain"] = "png", ["image/png"] = "iVBORw0KGgo=" }));
        svg.Outputs.Add(NotebookOutput.DisplayData(new MimeBundle { ["text/plain"] = "just <text>" }));
        nb.Cells.Single(c => c.Id == "json").Outputs.Add(NotebookOutput.Error("InvalidOperationException", "bad \u001b[1mthing\u001b[0m",
            ["System.InvalidOperationException: bad thing", "   at <cell> in cell 5, line 2"]));
        return nb;
    }

    [Fact]
    public void Markdown_is_rendered_with_pipe_tables_and_the_first_heading_is_the_title()
    {
        var html = NotebookHtmlExporter.Export(Executed());
        Assert.Contains("<title>Engine sample: display and tables</title>", html);
        Assert.Contains("<h1 id=\"engine-sample-display-and-tables\">Engine sample: <em>display</em> and tables</h1>", html);
        Assert.Contains("<th style=\"text-align: right;\">pitch</th>", html);
        Assert.Contains("<td>A4</td>", html);
        // Math is typeset as plain HTML (no script); the TeX stays in the title.
        Assert.Contains("<span class=\"math\" title=\"$f = 440 \\cdot 2^{(p - 69)/12}$\"><i>f</i> = 440 · 2<sup>(<i>p</i> − 69)/12</sup></span>", html);
    }

    [Fact]
    public void Outputs_use_the_richest_mime_type_and_text_is_escaped_without_ansi_codes()
    {
        var html = NotebookHtmlExporter.Export(Executed());
        Assert.Contains("<div class=\"html\"><table class=\"musicgen-table\">", html);
        Assert.DoesNotContain("[{ Index = 0 }]", html); // html wins over plain text
        Assert.Contains("<div class=\"svg\"><svg xmlns=", html);
        Assert.DoesNotContain("<?xml", html);
        Assert.Contains("<img alt=\"output\" src=\"data:image/png;base64,iVBORw0KGgo=\">", html);
        Assert.Contains("<pre class=\"plain\">just &lt;text&gt;</pre>", html);
        Assert.Contains("<pre class=\"stream stderr\">warning: careful\n</pre>", html);
        Assert.Contains("<pre class=\"error\">System.InvalidOperationException: bad thing\n   at &lt;cell&gt; in cell 5, line 2</pre>", html);
        Assert.DoesNotContain("\u001b", html);
        Assert.Contains("Out&nbsp;[2]:", html);
    }

    [Fact]
    public void Code_is_escaped_and_keywords_strings_and_numbers_are_marked()
    {
        var html = NotebookHtmlExporter.Export(Executed());
        Assert.Contains("<span class=\"kw\">var</span> Quick = <span class=\"kw\">false</span>;", html);
        Assert.Contains("<span class=\"num\">8</span>", html);
        Assert.Contains("i =&gt; <span class=\"kw\">new</span> { Index = i", html);
        var code = NotebookHtmlExporter.Export(NotebookWith("#r \"x.dll\"\n// note <b>\nvar s = \"a<b\";"));
        Assert.Contains("<span class=\"com\">// note &lt;b&gt;</span>", code);
        Assert.Contains("<span class=\"str\">&quot;a&lt;b&quot;</span>", code);
        Assert.Contains("<span class=\"dir\">r</span>", code);
    }

    [Fact]
    public void Highlighting_keeps_the_source_text_exactly()
    {
        const string source = "#r \"lib.dll\"\nusing System;\n/* block */ var x = $\"{1 + 2} \\\" \"; // end\nclass C { int P => 3; }\n  @\"v\" + 'c'";
        var html = NotebookHtmlExporter.Export(NotebookWith(source));
        var start = html.IndexOf("<pre class=\"source\"><code>", StringComparison.Ordinal) + "<pre class=\"source\"><code>".Length;
        var inner = html[start..html.IndexOf("</code></pre>", start, StringComparison.Ordinal)];
        var text = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(inner, "<[^>]+>", ""));
        Assert.Equal(source, text);
    }

    private static Notebook NotebookWith(string code)
    {
        var nb = Notebook.Create();
        nb.Cells.Add(NotebookCell.Code(code, "x"));
        return nb;
    }
}
