using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;

namespace MusicGen.Notebooks.Execution;

/// <summary>
/// Completions from the semantic model of the code compiled as the next submission (so earlier
/// cells' variables and types are in scope): after a dot, the members of the expression's type
/// (or a type's static members, a namespace's types); elsewhere, the symbols in scope at the
/// cursor plus C# keywords. Only names that start with the typed prefix are returned.
/// </summary>
internal static class CompletionProvider
{
    private static readonly string[] s_keywords =
    [
        "abstract", "as", "async", "await", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class",
        "const", "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit",
        "extern", "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int",
        "interface", "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out",
        "override", "params", "private", "protected", "public", "readonly", "record", "ref", "return", "sbyte",
        "sealed", "short", "sizeof", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "var", "virtual", "void", "volatile", "while", "yield",
    ];

    public static IReadOnlyList<CompletionItem> Complete(Script? previous, string code, int cursorPosition, ScriptOptions options)
    {
        int cursor = Math.Clamp(cursorPosition, 0, code.Length);
        int start = cursor;
        while (start > 0 && (char.IsLetterOrDigit(code[start - 1]) || code[start - 1] == '_')) start--;
        var prefix = code[start..cursor];

        // Completion only needs the code up to the cursor; the rest may not parse yet.
        var (tree, model) = SemanticModelOf(previous, code, options);

        IEnumerable<ISymbol> symbols;
        IEnumerable<string> keywords = [];
        int dot = start - 1;
        while (dot >= 0 && char.IsWhiteSpace(code[dot])) dot--;
        if (dot >= 0 && code[dot] == '.' && LeftOfDot(tree, dot) is { } left)
        {
            symbols = MemberSymbols(model, left, start);
        }
        else
        {
            symbols = model.LookupSymbols(start);
            keywords = s_keywords;
        }

        var items = new Dictionary<string, CompletionItem>(StringComparer.Ordinal);
        foreach (var s in symbols)
        {
            var name = s.Name;
            if (!IsUsableName(name) || !name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) continue;
            items.TryAdd(name, new CompletionItem(name, s.Kind.ToString(), s.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), start, cursor));
        }
        foreach (var k in keywords)
        {
            if (k.StartsWith(prefix, StringComparison.Ordinal)) items.TryAdd(k, new CompletionItem(k, "Keyword", null, start, cursor));
        }
        return items.Values
            .OrderBy(i => i.Text.StartsWith(prefix, StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(i => i.Text, StringComparer.OrdinalIgnoreCase)
            .ToArray();
    }

    private static SyntaxNode? LeftOfDot(SyntaxTree tree, int dotPosition)
    {
        var token = tree.GetRoot().FindToken(dotPosition);
        return token.Parent switch
        {
            MemberAccessExpressionSyntax m => m.Expression,
            QualifiedNameSyntax q => q.Left,
            MemberBindingExpressionSyntax b => (b.Parent as ConditionalAccessExpressionSyntax)?.Expression
                ?? b.FirstAncestorOrSelf<ConditionalAccessExpressionSyntax>()?.Expression,
            _ => null,
        };
    }

    private static IEnumerable<ISymbol> MemberSymbols(SemanticModel model, SyntaxNode left, int position)
    {
        var symbol = model.GetSymbolInfo(left).Symbol;
        if (symbol is INamespaceSymbol ns) return model.LookupNamespacesAndTypes(position, ns);
        if (symbol is INamedTypeSymbol type && left is not ThisExpressionSyntax)
        {
            // `Color.Red` where Color names both a type and a value ("Color Color"): offer both.
            var typeInfo = model.GetTypeInfo(left).Type;
            var statics = model.LookupStaticMembers(position, type);
            return typeInfo is not null && !SymbolEqualityComparer.Default.Equals(typeInfo, type)
                ? statics.Concat(model.LookupSymbols(position, typeInfo, includeReducedExtensionMethods: true))
                : statics;
        }
        var valueType = model.GetTypeInfo(left).Type;
        if (valueType is null || valueType.TypeKind == TypeKind.Error) return [];
        return model.LookupSymbols(position, valueType, includeReducedExtensionMethods: true).Where(s => !s.IsStatic || s is IMethodSymbol { IsExtensionMethod: true } || s is IMethodSymbol { MethodKind: MethodKind.ReducedExtension });
    }

    private static bool IsUsableName(string name) =>
        name.Length > 0 && SyntaxFacts.IsValidIdentifier(name) && !name.StartsWith("<", StringComparison.Ordinal);

    /// <summary>The syntax tree and semantic model of <paramref name="code"/> as the next submission after
    /// <paramref name="previous"/> (shared by completion and inspection).</summary>
    internal static (SyntaxTree Tree, SemanticModel Model) SemanticModelOf(Script? previous, string code, ScriptOptions options)
    {
        var script = previous is null
            ? Microsoft.CodeAnalysis.CSharp.Scripting.CSharpScript.Create(code, options, typeof(ScriptGlobals))
            : previous.ContinueWith(code, options);
        var compilation = script.GetCompilation();
        var tree = compilation.SyntaxTrees.FirstOrDefault(t => t.GetText().ToString() == code) ?? compilation.SyntaxTrees.First();
        return (tree, compilation.GetSemanticModel(tree));
    }
}
