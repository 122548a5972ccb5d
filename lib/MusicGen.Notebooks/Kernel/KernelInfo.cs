using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis.CSharp;

namespace MusicGen.Notebooks.Kernel;

/// <summary>The <c>kernel_info_reply</c> content (messaging.rst, "Kernel info"). The language
/// fields follow dotnet/interactive's C# kernel, so frontends highlight and export cells alike.</summary>
internal static class KernelInfo
{
    public const string Implementation = "musicgen";

    public static string ImplementationVersion =>
        typeof(KernelInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    /// <summary>The C# version cells compile with: what <c>LanguageVersion.Latest</c> means to the Roslyn the
    /// kernel runs (Microsoft.CodeAnalysis.CSharp.Scripting 5.12: C# 14.0), asked of Roslyn, not written down.</summary>
    public static string LanguageVersion =>
        Execution.ScriptOptionsFactory.ParseOptions.LanguageVersion.MapSpecifiedToEffectiveVersion().ToDisplayString();

    /// <summary>
    /// <c>language_info</c>, for kernel_info_reply and for the notebooks our runner writes: one source, so a frontend
    /// that copies the kernel's language_info into an opened notebook (Notebook 6, JupyterLab) changes nothing and
    /// marks nothing unsaved. Keys in the order nbformat writes them (sorted).
    /// </summary>
    public static JsonObject LanguageInfo() => new()
    {
        ["codemirror_mode"] = "text/x-csharp",
        ["file_extension"] = ".cs",
        ["mimetype"] = "text/x-csharp",
        ["name"] = "C#",
        ["pygments_lexer"] = "csharp",
        ["version"] = LanguageVersion,
    };

    public static JsonObject Content() => new()
    {
        ["status"] = "ok",
        ["protocol_version"] = MessageBuilder.ProtocolVersion,
        ["implementation"] = Implementation,
        ["implementation_version"] = ImplementationVersion,
        ["language_info"] = LanguageInfo(),
        ["banner"] = $"MusicGen C# kernel {ImplementationVersion} (Roslyn scripting on .NET {Environment.Version}). " +
                     "display(x) shows a value; Interrupt stops any cell.",
        ["help_links"] = new JsonArray
        {
            new JsonObject { ["text"] = "C# language reference", ["url"] = "https://learn.microsoft.com/dotnet/csharp/" },
            new JsonObject { ["text"] = "Jupyter messaging protocol", ["url"] = "https://jupyter-client.readthedocs.io/en/latest/messaging.html" },
        },
    };
}
