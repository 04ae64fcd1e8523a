namespace Berth.Cli.Formatting;

// The parse tree mirrors Go's text/template/parse node kinds, reduced to what docker formats use.
// Every node records its source offset so execution errors can cite "line:col" as Go does.

internal abstract record TemplateNode(int Pos);

internal sealed record ListNode(int Pos, IReadOnlyList<TemplateNode> Nodes) : TemplateNode(Pos);

internal sealed record TextNode(int Pos, string Text) : TemplateNode(Pos);

/// <summary>A <c>{{pipeline}}</c> whose value is printed.</summary>
internal sealed record ActionNode(int Pos, PipeNode Pipe) : TemplateNode(Pos);

/// <param name="IsAssign">True for <c>$x = value</c>, false for <c>$x := value</c>.</param>
internal sealed record PipeNode(int Pos, IReadOnlyList<string> Declarations, bool IsAssign, IReadOnlyList<CommandNode> Commands)
    : TemplateNode(Pos);

internal sealed record CommandNode(int Pos, IReadOnlyList<TemplateNode> Args) : TemplateNode(Pos)
{
    public override string ToString() => PipeText.Of(this);
}

internal enum BranchKind
{
    If,
    With,
    Range,
}

internal sealed record BranchNode(int Pos, BranchKind Kind, PipeNode Pipe, ListNode List, ListNode? ElseList)
    : TemplateNode(Pos)
{
    public static string Keyword(BranchKind kind) => kind switch
    {
        BranchKind.If => "if",
        BranchKind.With => "with",
        _ => "range",
    };

    public override string ToString() => $"{{{{{Keyword(Kind)} {PipeText.Of(Pipe)}}}}}";
}

internal sealed record BreakNode(int Pos) : TemplateNode(Pos);

internal sealed record ContinueNode(int Pos) : TemplateNode(Pos);

/// <summary><c>.A.B</c>: a field chain starting at dot.</summary>
internal sealed record FieldNode(int Pos, IReadOnlyList<string> Idents) : TemplateNode(Pos)
{
    public override string ToString() => "." + string.Join('.', Idents);
}

/// <summary><c>$x.A.B</c>; <c>$</c> alone is the root data.</summary>
internal sealed record VariableNode(int Pos, string Name, IReadOnlyList<string> Idents) : TemplateNode(Pos)
{
    public override string ToString() => Idents.Count == 0 ? Name : Name + "." + string.Join('.', Idents);
}

/// <summary><c>(pipeline).A.B</c>.</summary>
internal sealed record ChainNode(int Pos, TemplateNode Node, IReadOnlyList<string> Idents) : TemplateNode(Pos)
{
    public override string ToString() => Node + "." + string.Join('.', Idents);
}

internal sealed record IdentifierNode(int Pos, string Name) : TemplateNode(Pos)
{
    public override string ToString() => Name;
}

internal sealed record DotNode(int Pos) : TemplateNode(Pos)
{
    public override string ToString() => ".";
}

internal sealed record NilNode(int Pos) : TemplateNode(Pos)
{
    public override string ToString() => "nil";
}

internal sealed record BoolNode(int Pos, bool Value) : TemplateNode(Pos)
{
    public override string ToString() => Value ? "true" : "false";
}

internal sealed record StringNode(int Pos, string Quoted, string Value) : TemplateNode(Pos)
{
    public override string ToString() => Quoted;
}

/// <param name="Value">A <see cref="long"/> for integer constants, otherwise a <see cref="double"/>.</param>
internal sealed record NumberNode(int Pos, string Text, object Value) : TemplateNode(Pos)
{
    public override string ToString() => Text;
}

/// <summary>A parenthesised pipeline used as an operand.</summary>
internal sealed record SubPipeNode(int Pos, PipeNode Pipe) : TemplateNode(Pos)
{
    public override string ToString() => "(" + PipeText.Of(Pipe) + ")";
}

internal static class PipeText
{
    public static string Of(PipeNode pipe)
    {
        var commands = string.Join(" | ", pipe.Commands.Select(Of));
        return pipe.Declarations.Count == 0
            ? commands
            : string.Join(", ", pipe.Declarations) + (pipe.IsAssign ? " = " : " := ") + commands;
    }

    public static string Of(CommandNode command) => string.Join(' ', command.Args.Select(a => a.ToString()));
}
