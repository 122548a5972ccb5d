using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;

namespace MusicGen.Notebooks.Execution;

/// <summary>
/// What Shift-Tab shows (Jupyter's <c>inspect_request</c>): the symbol under the cursor, or, when the cursor is
/// inside a call's parentheses (<c>Math.Sqrt(|</c>), the method being called with all its overloads. Each
/// signature is followed by its XML doc summary when one can be found: beside the assembly (our library), or in
/// the SDK's reference pack (the .NET libraries, whose runtime assemblies ship without docs).
/// </summary>
internal static class InspectionProvider
{
    private const int MaxOverloads = 12;
    private static readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> s_docFiles = new();

    /// <summary><c>double Math.Sqrt(double d)</c>: containing type, parameter names and defaults, C# keywords.</summary>
    private static readonly SymbolDisplayFormat s_signature = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypes,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        memberOptions: SymbolDisplayMemberOptions.IncludeParameters | SymbolDisplayMemberOptions.IncludeType
            | SymbolDisplayMemberOptions.IncludeContainingType | SymbolDisplayMemberOptions.IncludeRef,
        parameterOptions: SymbolDisplayParameterOptions.IncludeType | SymbolDisplayParameterOptions.IncludeName
            | SymbolDisplayParameterOptions.IncludeDefaultValue | SymbolDisplayParameterOptions.IncludeParamsRefOut
            | SymbolDisplayParameterOptions.IncludeExtensionThis,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    /// <summary>Plain text for the frontend, or null when nothing is there to describe.</summary>
    public static string? Inspect(Script? previous, string code, int cursorPosition, ScriptOptions options)
    {
        int cursor = Math.Clamp(cursorPosition, 0, code.Length);
        var (tree, model) = CompletionProvider.SemanticModelOf(previous, code, options);
        var symbols = SymbolsAt(model, tree.GetRoot(), cursor);
        if (symbols.Count == 0) return null;
        var text = new StringBuilder();
        foreach (var s in symbols.Take(MaxOverloads))
        {
            if (text.Length > 0) text.Append('\n');
            text.Append(s.ToDisplayString(s_signature)).Append('\n');
            // A constructor without docs of its own (a record's primary constructor): the type's summary.
            var summary = Summary(s) ?? (s is IMethodSymbol { MethodKind: MethodKind.Constructor } ? Summary(s.ContainingType) : null);
            if (summary is { Length: > 0 }) text.Append("    ").Append(summary).Append('\n');
        }
        if (symbols.Count > MaxOverloads) text.Append($"(+{symbols.Count - MaxOverloads} more overloads)\n");
        return text.ToString();
    }

    /// <summary>The identifier touching the cursor; else the call or <c>new</c> whose argument list holds it.</summary>
    private static List<ISymbol> SymbolsAt(SemanticModel model, SyntaxNode root, int cursor)
    {
        var token = root.FindToken(Math.Max(0, cursor - 1));
        if (!token.IsKind(SyntaxKind.IdentifierToken) || token.Span.End < cursor)
            token = root.FindToken(Math.Min(cursor, Math.Max(0, root.FullSpan.End - 1)));
        if (token.IsKind(SyntaxKind.IdentifierToken) && token.Span.Start <= cursor && cursor <= token.Span.End
            && token.Parent is { } named && Bound(model, named) is { Count: > 0 } direct)
            return direct;
        // Inside "( … )": the innermost argument list that the cursor is between the parentheses of.
        for (var node = root.FindToken(Math.Max(0, cursor - 1)).Parent; node is not null; node = node.Parent)
        {
            if (node is not ArgumentListSyntax args) continue;
            bool inside = args.OpenParenToken.Span.End <= cursor
                && (args.CloseParenToken.IsMissing || cursor <= args.CloseParenToken.SpanStart);
            if (!inside) continue;
            var target = args.Parent switch
            {
                InvocationExpressionSyntax i => i.Expression,
                BaseObjectCreationExpressionSyntax c => c,
                _ => null,
            };
            if (target is not null && Bound(model, target) is { Count: > 0 } called) return called;
        }
        return [];
    }

    /// <summary>The symbol a node binds to; for a method group or an unresolved call, every candidate.</summary>
    private static List<ISymbol> Bound(SemanticModel model, SyntaxNode node)
    {
        var info = model.GetSymbolInfo(node);
        var group = model.GetMemberGroup(node);
        IEnumerable<ISymbol> all = group.Length > 0 ? group
            : info.Symbol is { } one ? [one]
            : info.CandidateSymbols;
        return all.Distinct<ISymbol>(SymbolEqualityComparer.Default).ToList();
    }

    /// <summary>The &lt;summary&gt; of a symbol's XML doc, whitespace collapsed; null when none is found.</summary>
    private static string? Summary(ISymbol symbol)
    {
        var original = symbol.OriginalDefinition;
        var id = original is IMethodSymbol { ReducedFrom: { } reduced } ? reduced.GetDocumentationCommentId() : original.GetDocumentationCommentId();
        if (id is null) return null;
        var xml = original.GetDocumentationCommentXml();
        if (string.IsNullOrWhiteSpace(xml))
        {
            foreach (var file in DocFiles(original.ContainingAssembly?.Name))
                if (s_docFiles.GetOrAdd(file, Load).TryGetValue(id, out var summary)) return summary;
            return null;
        }
        try
        {
            return Collapse(XElement.Parse(xml).Element("summary"));
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }

    private static IEnumerable<string> DocFiles(string? assemblyName)
    {
        if (assemblyName is null) yield break;
        var loaded = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == assemblyName);
        if (loaded is { IsDynamic: false, Location.Length: > 0 })
        {
            var beside = Path.ChangeExtension(loaded.Location, ".xml");
            if (File.Exists(beside)) yield return beside;
        }
        // <dotnet>/shared/Microsoft.NETCore.App/10.0.x/ → <dotnet>/packs/Microsoft.NETCore.App.Ref/10.0.x/ref/net10.0/.
        var runtime = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar);
        var version = Path.GetFileName(runtime);
        var refDir = Path.Combine(runtime, "..", "..", "..", "packs", "Microsoft.NETCore.App.Ref", version, "ref",
            $"net{Environment.Version.Major}.{Environment.Version.Minor}");
        // CoreLib's public types are documented under the reference assembly that exposes them.
        foreach (var name in assemblyName == "System.Private.CoreLib" ? ["System.Runtime"] : new[] { assemblyName })
        {
            var path = Path.GetFullPath(Path.Combine(refDir, name + ".xml"));
            if (File.Exists(path)) yield return path;
        }
    }

    private static IReadOnlyDictionary<string, string> Load(string path)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var member in XDocument.Load(path).Descendants("member"))
                if (member.Attribute("name")?.Value is { } name && Collapse(member.Element("summary")) is { } s) map[name] = s;
        }
        catch (Exception e) when (e is IOException or System.Xml.XmlException or UnauthorizedAccessException)
        {
            // No docs is not an error: the signature alone is still shown.
        }
        return map;
    }

    /// <summary>Summary text with &lt;see cref="T:X.Y"/&gt; as Y and whitespace collapsed.</summary>
    private static string? Collapse(XElement? summary)
    {
        if (summary is null) return null;
        var text = new StringBuilder();
        foreach (var node in summary.DescendantNodes())
        {
            if (node is XText t) text.Append(t.Value);
            else if (node is XElement { Name.LocalName: "see" or "seealso" or "paramref" or "typeparamref" } e && !e.Nodes().Any())
            {
                var target = (e.Attribute("cref")?.Value ?? e.Attribute("name")?.Value ?? e.Attribute("langword")?.Value ?? "").Split('(')[0];
                text.Append(target[(target.LastIndexOfAny([':', '.']) + 1)..]);
            }
        }
        var collapsed = string.Join(' ', text.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return collapsed.Length > 0 ? collapsed : null;
    }
}
