using System.Text;
using System.Text.Json;

namespace Berth.Cli.Formatting;

/// <summary>
/// Walks a parsed template the way Go's text/template exec.go does: pipelines feed their value
/// as the last argument of the next command, variables are scoped to the enclosing block, range
/// visits map keys in sorted order, and errors carry Go's "executing … at &lt;node&gt;" context.
/// </summary>
internal sealed class TemplateExecutor
{
    private readonly string _text;
    private readonly IReadOnlyDictionary<string, FunctionSpec> _functions;
    private readonly StringBuilder _output;
    private readonly List<(string Name, object? Value)> _vars = [];

    private TemplateExecutor(string text, IReadOnlyDictionary<string, FunctionSpec> functions, StringBuilder output)
    {
        _text = text;
        _functions = functions;
        _output = output;
    }

    private enum Flow
    {
        Normal,
        Break,
        Continue,
    }

    public static void Execute(
        string text, ListNode root, IReadOnlyDictionary<string, FunctionSpec> functions, object? data, StringBuilder output)
    {
        var executor = new TemplateExecutor(text, functions, output);
        executor._vars.Add(("$", data));
        executor.Walk(data, root);
    }

    private Flow Walk(object? dot, TemplateNode node)
    {
        switch (node)
        {
            case TextNode text:
                _output.Append(text.Text);
                return Flow.Normal;
            case ListNode list:
                foreach (var child in list.Nodes)
                {
                    var flow = Walk(dot, child);
                    if (flow != Flow.Normal)
                    {
                        return flow;
                    }
                }

                return Flow.Normal;
            case ActionNode action:
                var value = EvalPipeline(dot, action.Pipe);
                if (action.Pipe.Declarations.Count == 0)
                {
                    GoValue.Print(_output, value);
                }

                return Flow.Normal;
            case BranchNode { Kind: BranchKind.Range } range:
                return WalkRange(dot, range);
            case BranchNode branch:
                return WalkIfOrWith(dot, branch);
            case BreakNode:
                return Flow.Break;
            case ContinueNode:
                return Flow.Continue;
            default:
                throw new System.Diagnostics.UnreachableException($"unknown template node {node.GetType().Name}");
        }
    }

    private Flow WalkIfOrWith(object? dot, BranchNode branch)
    {
        var mark = _vars.Count;
        try
        {
            var value = EvalPipeline(dot, branch.Pipe);
            if (GoValue.IsTrue(value))
            {
                return Walk(branch.Kind == BranchKind.With ? value : dot, branch.List);
            }

            return branch.ElseList is null ? Flow.Normal : Walk(dot, branch.ElseList);
        }
        finally
        {
            Pop(mark);
        }
    }

    private Flow WalkRange(object? dot, BranchNode range)
    {
        var mark = _vars.Count;
        try
        {
            var value = EvalPipeline(dot, range.Pipe);
            var items = RangeItems(range, value);
            var iterated = false;
            var bodyMark = _vars.Count;
            foreach (var (key, element) in items)
            {
                iterated = true;
                SetRangeVariables(range.Pipe, key, element);
                var flow = Walk(element, range.List);
                Pop(bodyMark);
                if (flow == Flow.Break)
                {
                    return Flow.Normal;
                }
            }

            return iterated || range.ElseList is null ? Flow.Normal : Walk(dot, range.ElseList);
        }
        finally
        {
            Pop(mark);
        }
    }

    private IEnumerable<(object? Key, object? Element)> RangeItems(BranchNode range, object? value)
    {
        switch (value)
        {
            // A missing value, or null where docker would hold a nil slice or map: nothing to visit.
            case null or GoValue.NoValue:
                return [];
            case long count:
                return LongRange(count);
        }

        if (GoValue.AsList(value) is { } list)
        {
            return list.Select((element, index) => ((object?)(long)index, element));
        }

        if (GoValue.AsSortedMap(value) is { } map)
        {
            return map.Select(m => ((object?)m.Key, m.Value));
        }

        throw Error(range, $"range can't iterate over {GoValue.Print(value)}");
    }

    private static IEnumerable<(object? Key, object? Element)> LongRange(long count)
    {
        for (long i = 0; i < count; i++)
        {
            yield return (i, i);
        }
    }

    // The pipeline pushed its declared variables; each iteration rebinds them: with one variable
    // it gets the element, with two the first gets the index or key.
    private void SetRangeVariables(PipeNode pipe, object? key, object? element)
    {
        var declarations = pipe.Declarations;
        if (declarations.Count == 0)
        {
            return;
        }

        SetVariable(declarations[^1], element);
        if (declarations.Count > 1)
        {
            SetVariable(declarations[0], key);
        }
    }

    private object? EvalPipeline(object? dot, PipeNode pipe)
    {
        object? value = Missing.Instance;
        foreach (var command in pipe.Commands)
        {
            value = EvalCommand(dot, command, value);
        }

        foreach (var name in pipe.Declarations)
        {
            if (pipe.IsAssign)
            {
                SetVariable(name, value);
            }
            else
            {
                _vars.Add((name, value));
            }
        }

        return value;
    }

    private object? EvalCommand(object? dot, CommandNode command, object? final)
    {
        var first = command.Args[0];
        switch (first)
        {
            case FieldNode field:
                return EvalFieldChain(dot, dot, field, field.Idents, command.Args, final);
            case VariableNode variable:
                var value = VariableValue(variable);
                if (variable.Idents.Count == 0)
                {
                    NotAFunction(command.Args, final);
                    return value;
                }

                return EvalFieldChain(dot, value, variable, variable.Idents, command.Args, final);
            case ChainNode chain:
                var receiver = EvalArg(dot, chain.Node);
                return EvalFieldChain(dot, receiver, chain, chain.Idents, command.Args, final);
            case IdentifierNode identifier:
                return EvalFunction(dot, identifier, command, final);
        }

        NotAFunction(command.Args, final);
        return first switch
        {
            SubPipeNode sub => EvalPipeline(dot, sub.Pipe),
            BoolNode b => b.Value,
            DotNode => dot,
            NumberNode n => n.Value,
            StringNode s => s.Value,
            _ => throw Error(first, "nil is not a command"),
        };
    }

    private object? EvalArg(object? dot, TemplateNode node) => node switch
    {
        DotNode => dot,
        NilNode => null,
        FieldNode field => EvalFieldChain(dot, dot, field, field.Idents, [field], Missing.Instance),
        VariableNode variable => variable.Idents.Count == 0
            ? VariableValue(variable)
            : EvalFieldChain(dot, VariableValue(variable), variable, variable.Idents, [variable], Missing.Instance),
        SubPipeNode sub => EvalPipeline(dot, sub.Pipe),
        ChainNode chain => EvalFieldChain(dot, EvalArg(dot, chain.Node), chain, chain.Idents, [chain], Missing.Instance),
        IdentifierNode identifier => EvalFunction(dot, identifier, new CommandNode(identifier.Pos, [identifier]), Missing.Instance),
        BoolNode b => b.Value,
        NumberNode n => n.Value,
        StringNode s => s.Value,
        _ => throw Error(node, $"can't handle {node} for arg"),
    };

    private object? EvalFieldChain(
        object? dot, object? receiver, TemplateNode node, IReadOnlyList<string> idents, IReadOnlyList<TemplateNode> args, object? final)
    {
        for (var i = 0; i < idents.Count - 1; i++)
        {
            receiver = EvalField(receiver, idents[i], node, hasArgs: false);
        }

        return EvalField(receiver, idents[^1], node, hasArgs: args.Count > 1 || final is not Missing);
    }

    private object? EvalField(object? receiver, string name, TemplateNode node, bool hasArgs)
    {
        switch (receiver)
        {
            case GoValue.NoValue:
                return GoValue.NoValue.Instance;
            case null:
                throw Error(node, $"nil pointer evaluating interface {{}}.{name}");
            case JsonElement { ValueKind: JsonValueKind.Object } obj:
                if (hasArgs)
                {
                    throw Error(node, $"{name} is not a method but has arguments");
                }

                // Go looks map keys up exactly, so field names are case-sensitive; a duplicated
                // key resolves to its last occurrence, as decoding into a Go map would.
                var result = (object?)GoValue.NoValue.Instance;
                foreach (var property in obj.EnumerateObject())
                {
                    if (property.NameEquals(name))
                    {
                        result = GoValue.FromJson(property.Value);
                    }
                }

                return result;
            default:
                throw Error(node, $"can't evaluate field {name} in type {GoValue.TypeName(receiver)}");
        }
    }

    private object? EvalFunction(object? dot, IdentifierNode identifier, CommandNode command, object? final)
    {
        var spec = _functions[identifier.Name];
        var thunks = new List<Func<object?>>();
        foreach (var arg in command.Args.Skip(1))
        {
            thunks.Add(() => EvalArg(dot, arg));
        }

        if (final is not Missing)
        {
            thunks.Add(() => final);
        }

        var count = thunks.Count;
        if (count < spec.MinArgs || (spec.MaxArgs >= 0 && count > spec.MaxArgs))
        {
            var want = spec.MaxArgs < 0 ? $"at least {spec.MinArgs}" : spec.MinArgs.ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw Error(identifier, $"wrong number of args for {identifier.Name}: want {want} got {count}");
        }

        try
        {
            return spec.Invoke(new FunctionArgs(thunks));
        }
        catch (FunctionException e)
        {
            var message = e.IsCallError ? $"error calling {identifier.Name}: {e.Message}" : e.Message;
            throw Error(command, message);
        }
    }

    private void NotAFunction(IReadOnlyList<TemplateNode> args, object? final)
    {
        if (args.Count > 1 || final is not Missing)
        {
            throw Error(args[0], $"can't give argument to non-function {args[0]}");
        }
    }

    private object? VariableValue(VariableNode variable)
    {
        for (var i = _vars.Count - 1; i >= 0; i--)
        {
            if (_vars[i].Name == variable.Name)
            {
                return _vars[i].Value;
            }
        }

        throw Error(variable, $"undefined variable: {variable.Name}");
    }

    private void SetVariable(string name, object? value)
    {
        for (var i = _vars.Count - 1; i >= 0; i--)
        {
            if (_vars[i].Name == name)
            {
                _vars[i] = (name, value);
                return;
            }
        }
    }

    private void Pop(int mark) => _vars.RemoveRange(mark, _vars.Count - mark);

    /// <summary>Go's "template: NAME:LINE:COL: executing "NAME" at &lt;NODE&gt;: MESSAGE".</summary>
    private TemplateException Error(TemplateNode node, string message)
    {
        var pos = Math.Min(node.Pos, _text.Length);
        var before = _text.AsSpan(0, pos);
        var line = 1 + before.Count('\n');
        var column = pos - (before.LastIndexOf('\n') + 1);
        var context = node.ToString()!;
        if (context.Length > 20)
        {
            context = context[..20] + "...";
        }

        return new TemplateException($"template: :{line}:{column}: executing \"\" at <{context}>: {message}");
    }

    /// <summary>Marks "no previous pipeline value", distinct from every real value including nil.</summary>
    private sealed class Missing
    {
        public static readonly Missing Instance = new();
    }
}
