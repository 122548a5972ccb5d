using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using MusicGen.Notebooks.Display;
using MusicGen.Notebooks.Ipynb;
using MusicGen.IO;

namespace MusicGen.Notebooks.Export;

/// <summary>
/// Renders a notebook as one static HTML page (like <c>jupyter nbconvert --to html</c>):
/// markdown through Markdig (pipe tables; TeX math kept as text), code with light C#
/// highlighting and its <c>In [n]</c> prompt, and outputs in the richest form a browser shows
/// without scripts: <c>text/html</c> &gt; <c>image/svg+xml</c> &gt; <c>image/png</c> &gt;
/// <c>image/jpeg</c> &gt; <c>text/plain</c>; a Plotly chart without a static picture is drawn by
/// plotly.js, embedded in the page (offline). Streams and errors appear as text with ANSI colour
/// codes removed. The stylesheet is embedded, so the file stands alone.
/// </summary>
public static partial class NotebookHtmlExporter
{
    private static readonly string[] s_mimeOrder = ["text/html", "image/svg+xml", "image/png", "image/jpeg", "text/markdown", "text/plain"];

    private static readonly MarkdownPipeline s_markdown = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseGridTables()
        .UseMathematics()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .UseTaskLists()
        .UseAutoIdentifiers()
        .UseFootnotes()
        .Build();

    /// <summary>Reads <paramref name="notebookPath"/> and writes the page to <paramref name="htmlPath"/>.</summary>
    public static void ExportFile(string notebookPath, string htmlPath) =>
        WriteAtomically(htmlPath, Export(Notebook.Read(notebookPath), Path.GetFileNameWithoutExtension(notebookPath)));

    /// <summary>Writes <paramref name="html"/> to a temp file beside <paramref name="path"/>, then renames it:
    /// a reader never sees half a page.</summary>
    internal static void WriteAtomically(string path, string html)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        AtomicFile.WriteAllText(full, html);
    }

    /// <param name="fallbackTitle">Page title when no markdown cell has a heading.</param>
    public static string Export(Notebook notebook, string fallbackTitle = "Notebook")
    {
        var title = FirstHeading(notebook) ?? fallbackTitle;
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .Append("<title>").Append(Escape(title)).Append("</title>\n<style>\n").Append(HtmlExportStyle.Css).Append("</style>\n</head>\n<body>\n<main class=\"notebook\">\n");
        foreach (var cell in notebook.Cells)
        {
            switch (cell.CellType)
            {
                case NotebookCell.MarkdownType:
                    sb.Append("<section class=\"cell markdown\">\n").Append(MarkdownToHtml(cell.Source)).Append("</section>\n");
                    break;
                case NotebookCell.CodeType:
                    AppendCodeCell(sb, cell);
                    break;
                default:
                    sb.Append("<section class=\"cell raw\"><pre>").Append(Escape(cell.Source)).Append("</pre></section>\n");
                    break;
            }
        }
        sb.Append("</main>\n</body>\n</html>\n");
        var page = sb.ToString();
        // Plotly charts draw with plotly.js embedded once in the page (offline: no CDN), only on
        // pages that have one.
        return page.Contains(PlotlyChartClass, StringComparison.Ordinal)
            ? page.Replace("</style>\n</head>", "</style>\n<script>" + Interop.PlotlyCharts.PlotlyJs.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase) + "</script>\n</head>")
            : page;
    }

    private const string PlotlyChartClass = "class=\"musicgen-plotly\"";

    private static void AppendCodeCell(StringBuilder sb, NotebookCell cell)
    {
        sb.Append("<section class=\"cell code\">\n<div class=\"input\"><div class=\"prompt\">")
          .Append(Prompt("In", cell.ExecutionCount)).Append("</div><pre class=\"source\"><code>")
          .Append(CSharpHighlighter.ToHtml(cell.Source)).Append("</code></pre></div>\n");
        foreach (var output in cell.Outputs)
        {
            var prompt = output.OutputType == NotebookOutput.ExecuteResultType ? Prompt("Out", output.ExecutionCount) : "";
            sb.Append("<div class=\"output\"><div class=\"prompt\">").Append(prompt).Append("</div>");
            AppendOutput(sb, output);
            sb.Append("</div>\n");
        }
        sb.Append("</section>\n");
    }

    private static void AppendOutput(StringBuilder sb, NotebookOutput output)
    {
        switch (output.OutputType)
        {
            case NotebookOutput.StreamType:
                sb.Append("<pre class=\"stream ").Append(output.Name == "stderr" ? "stderr" : "stdout").Append("\">")
                  .Append(Escape(StripAnsi(output.Text ?? ""))).Append("</pre>");
                break;
            case NotebookOutput.ErrorType:
                // As Jupyter front ends do: the traceback when there is one (it starts with the
                // exception and message), else "ename: evalue".
                var text = output.Traceback is { Count: > 0 } tb ? string.Join("\n", tb) : $"{output.EName}: {output.EValue}";
                sb.Append("<pre class=\"error\">").Append(Escape(StripAnsi(text))).Append("</pre>");
                break;
            default:
                AppendData(sb, output.Data ?? new MimeBundle());
                break;
        }
    }

    private static void AppendData(StringBuilder sb, MimeBundle data)
    {
        // A Plotly chart with no static picture (Plotly.NET, XPlot): drawn by the embedded plotly.js.
        // Our own figures carry SVG, which stays the lighter static form here.
        if (data.TryGet("application/vnd.plotly.v1+json", out var plotly) && !data.Contains("image/svg+xml") && !data.Contains("image/png"))
        {
            sb.Append("<div class=\"html\">").Append(Interop.PlotlyCharts.ToHtml(plotly)).Append("</div>");
            return;
        }
        var mime = s_mimeOrder.FirstOrDefault(data.Contains);
        if (mime is null)
        {
            sb.Append("<pre class=\"plain\">").Append(Escape(string.Join(", ", data.MimeTypes))).Append("</pre>");
            return;
        }
        var value = data[mime];
        switch (mime)
        {
            case "text/html":
                sb.Append("<div class=\"html\">").Append(value).Append("</div>");
                break;
            case "image/svg+xml":
                sb.Append("<div class=\"svg\">").Append(XmlProlog().Replace(value, "")).Append("</div>");
                break;
            case "image/png" or "image/jpeg":
                sb.Append("<div class=\"image\"><img alt=\"output\" src=\"data:").Append(mime).Append(";base64,")
                  .Append(value.Replace("\n", "")).Append("\"></div>");
                break;
            case "text/markdown":
                sb.Append("<div class=\"markdown\">").Append(MarkdownToHtml(value)).Append("</div>");
                break;
            default:
                sb.Append("<pre class=\"plain\">").Append(Escape(StripAnsi(value))).Append("</pre>");
                break;
        }
    }

    /// <summary>Markdown to HTML. Math is parsed (so <c>_</c> and <c>*</c> inside it are not
    /// emphasis) and typeset by <see cref="TexToHtml"/> into plain HTML: no script runs; the TeX the
    /// author wrote stays in the title attribute.</summary>
    private static string MarkdownToHtml(string markdown)
    {
        var html = Markdown.ToHtml(markdown, s_markdown);
        html = InlineMath().Replace(html, m => MathElement("span", m.Groups[1].Value, "$"));
        return DisplayMath().Replace(html, m => MathElement("div", m.Groups[1].Value, "$$"));
    }

    private static string MathElement(string element, string escapedTex, string delimiter)
    {
        var tex = WebUtility.HtmlDecode(escapedTex).Trim();
        return $"<{element} class=\"math\" title=\"{Escape(delimiter + tex + delimiter)}\">{TexToHtml.Render(tex)}</{element}>";
    }

    /// <summary>The text of the first heading in a markdown cell, or null.</summary>
    public static string? FirstHeading(Notebook notebook)
    {
        foreach (var cell in notebook.Cells.Where(c => c.CellType == NotebookCell.MarkdownType))
        {
            var heading = Markdown.Parse(cell.Source, s_markdown).Descendants<HeadingBlock>().FirstOrDefault();
            if (heading?.Inline is null) continue;
            // Literal and code parts in document order.
            var text = string.Concat(heading.Inline.Descendants<Inline>().Select(i => i switch
            {
                LiteralInline l => l.Content.ToString(),
                CodeInline c => c.Content,
                _ => "",
            }));
            if (!string.IsNullOrWhiteSpace(text)) return text.Trim();
        }
        return null;
    }

    /// <summary>Removes ANSI escape sequences (colours, cursor moves) from terminal text.</summary>
    public static string StripAnsi(string text) => AnsiEscape().Replace(text, "");

    private static string Prompt(string label, int? count) =>
        $"{label}&nbsp;[{(count is { } n ? n.ToString(CultureInfo.InvariantCulture) : "&nbsp;")}]:";

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    [GeneratedRegex(@"\x1B(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1B]*(?:\x07|\x1B\\)|[@-Z\\-_])")]
    private static partial Regex AnsiEscape();

    // Markdig writes inline math as <span class="math">\(…\)</span> and blocks as <div class="math">\[…\]</div>.
    [GeneratedRegex(@"<span class=""math"">\\\((.*?)\\\)</span>", RegexOptions.Singleline)]
    private static partial Regex InlineMath();

    [GeneratedRegex(@"<div class=""math"">\s*\\\[(.*?)\\\]\s*</div>", RegexOptions.Singleline)]
    private static partial Regex DisplayMath();

    [GeneratedRegex(@"^\s*<\?xml[^>]*\?>\s*")]
    private static partial Regex XmlProlog();
}
