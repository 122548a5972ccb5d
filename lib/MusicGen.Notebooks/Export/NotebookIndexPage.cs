using System.Globalization;
using System.Net;
using System.Text;
using MusicGen.Notebooks.Ipynb;
using MusicGen.Notebooks.Running;

namespace MusicGen.Notebooks.Export;

/// <summary>
/// The front page of an HTML export of the workbook: one row per notebook with its title, whether
/// the run succeeded, how long it took, and a link to its page (written beside it by
/// <see cref="NotebookHtmlExporter.ExportFile"/>).
/// </summary>
public static class NotebookIndexPage
{
    /// <summary>Exports every run's notebook to <paramref name="folder"/> as <c>NAME.html</c> and
    /// writes <c>index.html</c> linking them; returns the index path.</summary>
    public static string Write(IReadOnlyList<NotebookRunResult> runs, string folder, string title = "MusicGen.Notebooks")
    {
        Directory.CreateDirectory(folder);
        var rows = new StringBuilder();
        foreach (var run in runs)
        {
            var name = Path.GetFileNameWithoutExtension(run.NotebookPath);
            var page = name + ".html";
            string heading = name;
            if (File.Exists(run.OutputPath))
            {
                var notebook = Notebook.Read(run.OutputPath);
                NotebookHtmlExporter.WriteAtomically(Path.Combine(folder, page), NotebookHtmlExporter.Export(notebook, name));
                heading = NotebookHtmlExporter.FirstHeading(notebook) ?? name;
            }
            var status = run.Succeeded ? "ran" : $"failed at cell {run.FailedCellNumber}: {run.ErrorName}";
            rows.Append("<tr><td><a href=\"").Append(WebUtility.HtmlEncode(page)).Append("\">")
                .Append(WebUtility.HtmlEncode(heading)).Append("</a></td><td>").Append(WebUtility.HtmlEncode(name))
                .Append("</td><td class=\"").Append(run.Succeeded ? "ok" : "failed").Append("\">").Append(WebUtility.HtmlEncode(status))
                .Append("</td><td style=\"text-align:right\">")
                .Append(run.Elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)).Append(" s</td></tr>\n");
        }
        var html = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(WebUtility.HtmlEncode(title)).Append("</title>\n<style>\n").Append(HtmlExportStyle.Css)
            .Append("td.ok{color:#2a7d2a}td.failed{color:#b00020}\n</style>\n</head>\n<body>\n<main class=\"notebook\">\n<h1>")
            .Append(WebUtility.HtmlEncode(title)).Append("</h1>\n<p>Executed ")
            .Append(DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))
            .Append(". Each page shows the notebook's text, code and outputs.</p>\n<table>\n<thead><tr><th>notebook</th><th>file</th><th>run</th><th>time</th></tr></thead>\n<tbody>\n")
            .Append(rows).Append("</tbody>\n</table>\n</main>\n</body>\n</html>\n");
        var index = Path.Combine(Path.GetFullPath(folder), "index.html");
        NotebookHtmlExporter.WriteAtomically(index, html.ToString());
        return index;
    }
}
