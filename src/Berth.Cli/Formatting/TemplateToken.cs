namespace Berth.Cli.Formatting;

internal enum TokenKind
{
    Text,
    LeftDelim,
    RightDelim,
    Space,
    Field,
    Variable,
    Identifier,
    String,
    RawString,
    CharConstant,
    Number,
    Bool,
    Nil,
    Dot,
    Pipe,
    Declare,
    Assign,
    Comma,
    LeftParen,
    RightParen,
    Keyword,
    Error,
    Eof,
}

/// <param name="Pos">Character offset into the template text, for Go-style line and column numbers.</param>
internal readonly record struct TemplateToken(TokenKind Kind, string Value, int Pos);
