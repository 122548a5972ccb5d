using System.Text;
using System.Text.Json.Nodes;
using MusicGen.IO;

namespace MusicGen.Notebooks.Ipynb;

/// <summary>
/// An nbformat 4 notebook (<c>.ipynb</c>): cells, notebook metadata and any unknown top-level
/// fields. <see cref="Read"/> then <see cref="Save"/> writes the file back unchanged when Jupyter
/// wrote it (same key order, indentation and line splitting); saving goes through a temporary
/// file and a rename, so a crash never leaves half a notebook.
/// </summary>
public sealed class Notebook
{
    /// <summary>The kernel spec our kernel installs as (<c>musicgen kernel install</c>).</summary>
    public const string KernelName = "musicgen-csharp";

    public int NbFormat { get; set; } = 4;

    public int NbFormatMinor { get; set; } = 5;

    public JsonObject Metadata { get; set; } = [];

    public List<NotebookCell> Cells { get; } = [];

    /// <summary>Unknown top-level fields, kept for the round trip.</summary>
    public JsonObject Extra { get; set; } = [];

    /// <summary>True when cells carry ids (nbformat 4.5 and later).</summary>
    public bool UsesCellIds => NbFormat > 4 || NbFormatMinor >= 5;

    /// <summary>An empty C# notebook (nbformat 4.5) with our kernel spec and language info.</summary>
    public static Notebook Create()
    {
        var nb = new Notebook();
        nb.SetCSharpMetadata();
        return nb;
    }

    public static Notebook Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NotebookFormatException($"{path}: cannot read: {e.Message}", e);
        }
        return Parse(text, path);
    }

    /// <param name="sourceName">Names the notebook in error messages.</param>
    public static Notebook Parse(string json, string sourceName = "notebook") => NotebookSerializer.Parse(json, sourceName);

    /// <summary>The file text, as Jupyter writes it, ending with a newline.</summary>
    public string ToJson() => PythonStyleJsonWriter.Write(NotebookSerializer.ToJson(this)) + "\n";

    /// <summary>Writes to <paramref name="path"/> atomically: a temporary file beside it, then a rename.</summary>
    public void Save(string path)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        AtomicFile.WriteAllText(full, ToJson());
    }

    /// <summary>Sets <c>kernelspec</c> and <c>language_info</c> so VS Code, JupyterLab and GitHub
    /// know the cells are C# (and highlight them); other metadata is kept.</summary>
    public void SetCSharpMetadata()
    {
        Metadata["kernelspec"] = new JsonObject
        {
            ["display_name"] = "C# (MusicGen)",
            ["language"] = "C#",
            ["name"] = KernelName,
        };
        Metadata["language_info"] = Kernel.KernelInfo.LanguageInfo(); // what the kernel reports, so opening marks nothing changed
    }

    /// <summary>Gives every cell without an id a new one, when the format version uses ids.</summary>
    public void EnsureCellIds()
    {
        if (!UsesCellIds) return;
        var used = Cells.Select(c => c.Id).OfType<string>().ToHashSet();
        foreach (var cell in Cells.Where(c => c.Id is null))
        {
            string id;
            do id = NotebookCell.NewId(); while (!used.Add(id));
            cell.Id = id;
        }
    }
}
