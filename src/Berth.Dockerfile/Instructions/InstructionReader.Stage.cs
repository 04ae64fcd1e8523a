using System.Text.RegularExpressions;

namespace Berth.Dockerfile.Instructions;

/// <summary>FROM and ONBUILD.</summary>
internal static partial class InstructionReader
{
    private static FromInstruction ReadFrom(NodeContext context, InstructionFlags flags)
    {
        var node = context.Node;
        var args = node.Args;
        string? stageName = null;
        if (args.Count == 3 && args[1].Equals("as", StringComparison.OrdinalIgnoreCase))
        {
            stageName = args[2].ToLowerInvariant();
            if (!StageNamePattern().IsMatch(stageName))
            {
                throw context.Error($"invalid name for build stage: {GoFormat.Quote(args[2])}, name can't start with a number or contain symbols");
            }
        }
        else if (args.Count != 1)
        {
            throw context.Error("FROM requires either one or three arguments");
        }
        flags.AddString("platform");
        flags.Parse();
        return new FromInstruction
        {
            BaseName = args[0],
            Platform = NullIfEmpty(flags.String("platform")),
            StageName = stageName,
            File = context.File,
            StartLine = node.StartLine,
            EndLine = node.EndLine,
            Original = node.Original,
        };
    }

    private static OnbuildInstruction ReadOnbuild(NodeContext context, InstructionFlags flags)
    {
        var node = context.Node;
        if (node.Args.Count == 0)
        {
            throw context.Error("ONBUILD requires at least one argument");
        }
        flags.Parse();
        var trigger = node.Args[0].Trim().ToUpperInvariant();
        switch (trigger)
        {
            case "ONBUILD":
                throw context.Error("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
            case "MAINTAINER" or "FROM":
                throw context.Error($"{trigger} isn't allowed as an ONBUILD trigger");
        }
        var expression = OnbuildPrefix().Replace(node.Original, "", 1);
        foreach (var heredoc in node.Heredocs)
        {
            expression += "\n" + heredoc.Content + heredoc.Name;
        }
        return new OnbuildInstruction
        {
            Trigger = trigger,
            Expression = expression,
            File = context.File,
            StartLine = node.StartLine,
            EndLine = node.EndLine,
            Original = node.Original,
        };
    }

    [GeneratedRegex("^[a-z][a-z0-9-_.]*$")]
    private static partial Regex StageNamePattern();

    [GeneratedRegex(@"^\s*ONBUILD\s*", RegexOptions.IgnoreCase)]
    private static partial Regex OnbuildPrefix();
}
