using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MusicGen.Notebooks.Execution;

/// <summary>
/// Makes a cell interruptible: every loop body (while, do, for, foreach), every <c>goto</c>, and the start of
/// every method, local function, constructor, accessor, anonymous method and block lambda get the check
/// <c>if (Interruption.Pending) Interruption.ThrowIfRequested();</c> (see <see cref="Runtime.Interruption"/>),
/// so <c>while (true) {}</c>, <c>for (;;) x++;</c> and runaway recursion stop when the cell is interrupted,
/// as IPython's KeyboardInterrupt stops any Python loop. .NET cannot abort a thread, so the code must stop itself.
/// Expression-bodied lambdas (<c>x =&gt; x * 2</c>, called a billion times by <c>Sum</c>) get the check too when
/// the semantic model says they are delegates, and whether they return a value.
/// </summary>
/// <remarks>
/// The check is one volatile load and a branch not taken (measured in tests/MusicGen.Benchmarks,
/// InterruptionCheckBenchmarks). No line break is ever added or removed, so line numbers in compile errors
/// and stack traces stay the cell's own; columns may shift on a line that got a check, which is why
/// <see cref="ScriptSession"/> takes compile errors from the original text.
/// </remarks>
internal sealed class InterruptionRewriter : CSharpSyntaxRewriter
{
    private const string Type = "global::MusicGen.Runtime.Interruption";

    /// <summary>The check statement; no trivia, so it never adds a line.</summary>
    internal static readonly StatementSyntax Check =
        SyntaxFactory.ParseStatement($"if({Type}.Pending){Type}.ThrowIfRequested();");

    private readonly SemanticModel? _model;

    private InterruptionRewriter(SemanticModel? model) => _model = model;

    /// <summary>The cell with checks added; the text itself when it has syntax errors (the compiler reports those
    /// on the original) or nothing to check. <paramref name="compile"/> gives the cell's compilation, asked for only
    /// when the cell has expression-bodied lambdas: whether <c>x =&gt; f(x)</c> returns a value, and whether it
    /// is a delegate at all (not an expression tree), needs binding.</summary>
    public static string Rewrite(string code, Func<Compilation>? compile = null)
    {
        var tree = CSharpSyntaxTree.ParseText(code, ScriptOptionsFactory.ParseOptions);
        if (tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error)) return code;
        SemanticModel? model = null;
        if (compile is not null && tree.GetRoot().DescendantNodes().Any(n => n is LambdaExpressionSyntax { ExpressionBody: not null }))
        {
            var compilation = compile();
            var own = compilation.SyntaxTrees.FirstOrDefault(t => t.GetText().ToString() == code);
            if (own is not null)
            {
                tree = own;
                model = compilation.GetSemanticModel(own);
            }
        }
        var root = tree.GetRoot();
        var rewritten = new InterruptionRewriter(model).Visit(root);
        return ReferenceEquals(rewritten, root) ? code : rewritten.ToFullString();
    }

    public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node)
    {
        var n = (WhileStatementSyntax)base.VisitWhileStatement(node)!;
        return n.WithStatement(Guard(n.Statement));
    }

    public override SyntaxNode? VisitDoStatement(DoStatementSyntax node)
    {
        var n = (DoStatementSyntax)base.VisitDoStatement(node)!;
        return n.WithStatement(Guard(n.Statement));
    }

    public override SyntaxNode? VisitForStatement(ForStatementSyntax node)
    {
        var n = (ForStatementSyntax)base.VisitForStatement(node)!;
        return n.WithStatement(Guard(n.Statement));
    }

    public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node)
    {
        var n = (ForEachStatementSyntax)base.VisitForEachStatement(node)!;
        return n.WithStatement(Guard(n.Statement));
    }

    public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node)
    {
        var n = (ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!;
        return n.WithStatement(Guard(n.Statement));
    }

    /// <summary><c>goto L;</c> may close a loop (a back edge): check before jumping.
    /// <c>goto case</c>/<c>goto default</c> are left alone.</summary>
    public override SyntaxNode? VisitGotoStatement(GotoStatementSyntax node)
    {
        var n = (GotoStatementSyntax)base.VisitGotoStatement(node)!;
        return n.IsKind(SyntaxKind.GotoStatement) ? Guard(n) : n;
    }

    public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node)
    {
        var n = (MethodDeclarationSyntax)base.VisitMethodDeclaration(node)!;
        if (n.Body is { } body) return n.WithBody(Prepend(body));
        if (n.ExpressionBody is { } arrow)
            return n.WithExpressionBody(null).WithSemicolonToken(default)
                .WithBody(ToBlock(arrow, n.SemicolonToken, ReturnsValue(n.ReturnType, n.Modifiers)));
        return n;
    }

    public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        var n = (LocalFunctionStatementSyntax)base.VisitLocalFunctionStatement(node)!;
        if (n.Body is { } body) return n.WithBody(Prepend(body));
        if (n.ExpressionBody is { } arrow)
            return n.WithExpressionBody(null).WithSemicolonToken(default)
                .WithBody(ToBlock(arrow, n.SemicolonToken, ReturnsValue(n.ReturnType, n.Modifiers)));
        return n;
    }

    public override SyntaxNode? VisitConstructorDeclaration(ConstructorDeclarationSyntax node)
    {
        var n = (ConstructorDeclarationSyntax)base.VisitConstructorDeclaration(node)!;
        if (n.Body is { } body) return n.WithBody(Prepend(body));
        if (n.ExpressionBody is { } arrow)
            return n.WithExpressionBody(null).WithSemicolonToken(default).WithBody(ToBlock(arrow, n.SemicolonToken, returns: false));
        return n;
    }

    public override SyntaxNode? VisitOperatorDeclaration(OperatorDeclarationSyntax node)
    {
        var n = (OperatorDeclarationSyntax)base.VisitOperatorDeclaration(node)!;
        if (n.Body is { } body) return n.WithBody(Prepend(body));
        if (n.ExpressionBody is { } arrow)
            return n.WithExpressionBody(null).WithSemicolonToken(default)
                .WithBody(ToBlock(arrow, n.SemicolonToken, ReturnsValue(n.ReturnType, n.Modifiers)));
        return n;
    }

    public override SyntaxNode? VisitAccessorDeclaration(AccessorDeclarationSyntax node)
    {
        var n = (AccessorDeclarationSyntax)base.VisitAccessorDeclaration(node)!;
        if (n.Body is { } body) return n.WithBody(Prepend(body));
        if (n.ExpressionBody is { } arrow)
            return n.WithExpressionBody(null).WithSemicolonToken(default)
                .WithBody(ToBlock(arrow, n.SemicolonToken, returns: n.IsKind(SyntaxKind.GetAccessorDeclaration)));
        return n;
    }

    public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node)
    {
        var n = (ParenthesizedLambdaExpressionSyntax)base.VisitParenthesizedLambdaExpression(node)!;
        if (n.Block is { } block) return n.WithBlock(Prepend(block));
        return n.ExpressionBody is { } e && LambdaBlock(node, e) is { } b ? n.WithExpressionBody(null).WithBlock(b) : n;
    }

    public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node)
    {
        var n = (SimpleLambdaExpressionSyntax)base.VisitSimpleLambdaExpression(node)!;
        if (n.Block is { } block) return n.WithBlock(Prepend(block));
        return n.ExpressionBody is { } e && LambdaBlock(node, e) is { } b ? n.WithExpressionBody(null).WithBlock(b) : n;
    }

    /// <summary><c>x =&gt; expr</c> → <c>x =&gt; { check; return expr; }</c> (or <c>expr;</c> for a void or
    /// <c>async Task</c> lambda), only when the bound lambda is a delegate; null to leave it (no semantic model,
    /// an expression tree, a throw expression, or anything unbound).</summary>
    private BlockSyntax? LambdaBlock(LambdaExpressionSyntax original, ExpressionSyntax body)
    {
        if (_model is null || original.SyntaxTree != _model.SyntaxTree || body is ThrowExpressionSyntax) return null;
        if (_model.GetTypeInfo(original).ConvertedType is not { TypeKind: TypeKind.Delegate }) return null;
        if (_model.GetSymbolInfo(original).Symbol is not IMethodSymbol lambda) return null;
        bool returns = !lambda.ReturnsVoid
            && !(lambda.IsAsync && lambda.ReturnType is INamedTypeSymbol { IsGenericType: false, Name: "Task" or "ValueTask" });
        var end = SyntaxFactory.Token(SyntaxKind.SemicolonToken);
        StatementSyntax statement = returns
            ? SyntaxFactory.ReturnStatement(
                SyntaxFactory.Token(SyntaxTriviaList.Empty, SyntaxKind.ReturnKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)), body, end)
            : SyntaxFactory.ExpressionStatement(body, end);
        return SyntaxFactory.Block(Check, statement);
    }

    public override SyntaxNode? VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node)
    {
        var n = (AnonymousMethodExpressionSyntax)base.VisitAnonymousMethodExpression(node)!;
        return n.WithBlock(Prepend(n.Block));
    }

    /// <summary><c>{ check; …body… }</c>: a block gets the check first; another statement is wrapped, its
    /// leading and trailing trivia moved onto the new braces, so every line keeps its number.</summary>
    private static BlockSyntax Guard(StatementSyntax statement)
    {
        if (statement is BlockSyntax block) return Prepend(block);
        var open = SyntaxFactory.Token(statement.GetLeadingTrivia(), SyntaxKind.OpenBraceToken, SyntaxTriviaList.Empty);
        var close = SyntaxFactory.Token(SyntaxTriviaList.Empty, SyntaxKind.CloseBraceToken, statement.GetTrailingTrivia());
        var inner = statement.WithLeadingTrivia(SyntaxTriviaList.Empty).WithTrailingTrivia(SyntaxTriviaList.Empty);
        return SyntaxFactory.Block(open, SyntaxFactory.List([Check, inner]), close);
    }

    internal static BlockSyntax Prepend(BlockSyntax block) => block.WithStatements(block.Statements.Insert(0, Check));

    /// <summary><c>=&gt; expr;</c> → <c>{ check; return expr; }</c> (or <c>expr;</c> without a value), keeping
    /// the arrow's and the semicolon's trivia on the braces.</summary>
    internal static BlockSyntax ToBlock(ArrowExpressionClauseSyntax arrow, SyntaxToken semicolon, bool returns) =>
        ToBlock(arrow.ArrowToken, arrow.Expression, semicolon, returns);

    internal static BlockSyntax ToBlock(SyntaxToken arrowToken, ExpressionSyntax expression, SyntaxToken semicolon, bool returns)
    {
        var open = SyntaxFactory.Token(arrowToken.LeadingTrivia, SyntaxKind.OpenBraceToken, arrowToken.TrailingTrivia);
        var close = SyntaxFactory.Token(semicolon.LeadingTrivia, SyntaxKind.CloseBraceToken, semicolon.TrailingTrivia);
        var end = SyntaxFactory.Token(SyntaxKind.SemicolonToken);
        StatementSyntax body = returns
            ? SyntaxFactory.ReturnStatement(
                SyntaxFactory.Token(SyntaxTriviaList.Empty, SyntaxKind.ReturnKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)),
                expression, end)
            : SyntaxFactory.ExpressionStatement(expression, end);
        return SyntaxFactory.Block(open, SyntaxFactory.List([Check, body]), close);
    }

    /// <summary>Whether <c>=&gt; expr</c> of a member with this return type becomes <c>return expr;</c>:
    /// not for <c>void</c>, nor for <c>async Task</c>/<c>async ValueTask</c> (and <c>async void</c>).</summary>
    private static bool ReturnsValue(TypeSyntax returnType, SyntaxTokenList modifiers)
    {
        if (returnType is PredefinedTypeSyntax p && p.Keyword.IsKind(SyntaxKind.VoidKeyword)) return false;
        if (!modifiers.Any(SyntaxKind.AsyncKeyword)) return true;
        var last = returnType switch
        {
            QualifiedNameSyntax q => q.Right,
            AliasQualifiedNameSyntax a => a.Name,
            SimpleNameSyntax s => s,
            _ => null,
        };
        return !(last is IdentifierNameSyntax { Identifier.ValueText: "Task" or "ValueTask" });
    }
}
