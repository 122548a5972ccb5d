using System.Net;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MusicGen.Notebooks.Execution;

namespace MusicGen.Notebooks.Export;

/// <summary>
/// Light C# highlighting for the HTML export: Roslyn's lexer splits the cell into tokens and
/// trivia, and keywords, strings, numbers, comments and directives get a CSS class
/// (<c>kw</c>, <c>str</c>, <c>num</c>, <c>com</c>, <c>dir</c>). Everything else is escaped text,
/// so the HTML always shows the source exactly.
/// </summary>
internal static class CSharpHighlighter
{
    public static string ToHtml(string code)
    {
        var root = CSharpSyntaxTree.ParseText(code, ScriptOptionsFactory.ParseOptions).GetRoot();
        var sb = new StringBuilder(code.Length * 2);
        foreach (var token in root.DescendantTokens()) AppendToken(sb, token);
        return sb.ToString();
    }

    private static void AppendToken(StringBuilder sb, SyntaxToken token)
    {
        AppendTrivia(sb, token.LeadingTrivia);
        Append(sb, token.Text, ClassOf(token));
        AppendTrivia(sb, token.TrailingTrivia);
    }

    private static string? ClassOf(SyntaxToken token)
    {
        var kind = token.Kind();
        if (token.Parent?.AncestorsAndSelf().Any(n => n is DirectiveTriviaSyntax) == true)
            return kind == SyntaxKind.StringLiteralToken ? "str" : "dir";
        if (SyntaxFacts.IsKeywordKind(kind)) return "kw";
        // Contextual keywords lex as identifiers; colour the common ones.
        if (kind == SyntaxKind.IdentifierToken && token.Text is "var" or "await" or "async" or "record" or "nameof" or "dynamic" or "yield" or "when" or "with" or "init")
            return "kw";
        return kind switch
        {
            SyntaxKind.StringLiteralToken or SyntaxKind.CharacterLiteralToken or SyntaxKind.InterpolatedStringStartToken
                or SyntaxKind.InterpolatedStringEndToken or SyntaxKind.InterpolatedStringTextToken
                or SyntaxKind.InterpolatedVerbatimStringStartToken or SyntaxKind.InterpolatedRawStringEndToken
                or SyntaxKind.InterpolatedSingleLineRawStringStartToken or SyntaxKind.InterpolatedMultiLineRawStringStartToken
                or SyntaxKind.SingleLineRawStringLiteralToken or SyntaxKind.MultiLineRawStringLiteralToken
                or SyntaxKind.Utf8StringLiteralToken => "str",
            SyntaxKind.NumericLiteralToken => "num",
            _ => null,
        };
    }

    private static void AppendTrivia(StringBuilder sb, SyntaxTriviaList trivia)
    {
        foreach (var t in trivia)
        {
            // Directive trivia (#r, #load) has structure: its tokens go out in place, so a comment
            // before a directive stays before it.
            if (t.GetStructure() is { } structure)
            {
                foreach (var token in structure.DescendantTokens()) AppendToken(sb, token);
                continue;
            }
            var cls = t.Kind() switch
            {
                SyntaxKind.SingleLineCommentTrivia or SyntaxKind.MultiLineCommentTrivia
                    or SyntaxKind.SingleLineDocumentationCommentTrivia or SyntaxKind.MultiLineDocumentationCommentTrivia => "com",
                SyntaxKind.PreprocessingMessageTrivia or SyntaxKind.DisabledTextTrivia => "dir",
                _ => null,
            };
            Append(sb, t.ToFullString(), cls);
        }
    }

    private static void Append(StringBuilder sb, string text, string? cls)
    {
        if (text.Length == 0) return;
        if (cls is null)
        {
            sb.Append(WebUtility.HtmlEncode(text));
            return;
        }
        sb.Append("<span class=\"").Append(cls).Append("\">").Append(WebUtility.HtmlEncode(text)).Append("</span>");
    }
}
