namespace Berth.Dockerfile.Parsing;

/// <summary>A non-fatal finding of the line parser, reported like BuildKit's parser warnings.</summary>
internal sealed record ParseWarning(int Line, string Message);

/// <summary>The line parser's output: directives, the escape token in force, and one node per instruction.</summary>
internal sealed record SyntaxTree(
    ParserDirectives Directives,
    char EscapeToken,
    IReadOnlyList<SyntaxNode> Nodes,
    IReadOnlyList<ParseWarning> Warnings);
