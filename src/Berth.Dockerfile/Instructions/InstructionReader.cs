using Berth.Dockerfile.Parsing;

namespace Berth.Dockerfile.Instructions;

/// <summary>
/// The second pass (BuildKit's instructions.ParseInstruction): checks one node's flags and argument counts and
/// builds its typed instruction. Messages are BuildKit's, located at the node's first line.
/// </summary>
internal static partial class InstructionReader
{
    /// <summary>Every instruction keyword, for "did you mean" suggestions.</summary>
    public static readonly string[] Keywords =
    [
        "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER",
        "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
    ];

    public static Instruction Read(SyntaxNode node, string file)
    {
        try
        {
            return ReadUnlocated(node, file);
        }
        catch (Exception e) when (e is FlagException or FormatException)
        {
            throw new DockerfileParseException(file, node.StartLine, e.Message);
        }
    }

    private static Instruction ReadUnlocated(SyntaxNode node, string file)
    {
        var flags = new InstructionFlags(node.Flags);
        var args = node.Args;
        var context = new NodeContext(node, file);
        switch (node.Keyword.ToLowerInvariant())
        {
            case "env":
                flags.Parse();
                return new EnvInstruction { Variables = KeyValues(context, args, "ENV"), File = file, StartLine = node.StartLine, EndLine = node.EndLine, Original = node.Original };
            case "maintainer":
                RequireExactlyOne(context, args, "MAINTAINER");
                flags.Parse();
                return new MaintainerInstruction { Maintainer = args[0], File = file, StartLine = node.StartLine, EndLine = node.EndLine, Original = node.Original };
            case "label":
                flags.Parse();
                return new LabelInstruction { Labels = KeyValues(context, args, "LABEL"), File = file, StartLine = node.StartLine, EndLine = node.EndLine, Original = node.Original };
            case "add":
                return ReadAdd(context, flags);
            case "copy":
                return ReadCopy(context, flags);
            case "from":
                return ReadFrom(context, flags);
            case "onbuild":
                return ReadOnbuild(context, flags);
            case "workdir":
                RequireExactlyOne(context, args, "WORKDIR");
                flags.Parse();
                return new WorkdirInstruction { Path = args[0], File = file, StartLine = node.StartLine, EndLine = node.EndLine, Original = node.Original };
            case "run":
                return ReadRun(context, flags);
            case "cmd":
                flags.Parse();
                return new CmdInstruction { Command = CommandOf(node), File = file, StartLine = node.StartLine, EndLine = node.EndLine, Original = node.Original };
            case "healthcheck":
                return ReadHealthcheck(context, flags);
            case "entrypoint":
                flags.Parse();
                return new EntrypointInstruction { Command = CommandOf(node), File = file, StartLine = node.StartLine, EndLine = node.EndLine, Original = node.Original };
            case "expose":
                if (args.Count == 0)
                {
                    throw context.Error("EXPOSE requires at least one argument");
                }
                flags.Parse();
                return new ExposeInstruction { Ports = [.. args.Order(StringComparer.Ordinal)], File = file, StartLine = node.StartLine, EndLine = node.EndLine, Original = node.Original };
            case "user":
                RequireExactlyOne(context, args, "USER");
                flags.Parse();
                return new UserInstruction { User = args[0], File = file, StartLine = node.StartLine, EndLine = node.EndLine, Original = node.Original };
            case "volume":
                return ReadVolume(context, flags);
            case "stopsignal":
                RequireExactlyOne(context, args, "STOPSIGNAL");
                return new StopSignalInstruction { Signal = args[0], File = file, StartLine = node.StartLine, EndLine = node.EndLine, Original = node.Original };
            case "arg":
                return ReadArg(context);
            case "shell":
                return ReadShell(context, flags);
            default:
                throw context.Error(Suggestions.WithSuggestion(
                    $"unknown instruction: {node.Keyword}", node.Keyword, Keywords, caseSensitive: false));
        }
    }

    private sealed record NodeContext(SyntaxNode Node, string File)
    {
        public DockerfileParseException Error(string reason) => new(File, Node.StartLine, reason);
    }

    private static void RequireExactlyOne(NodeContext context, IReadOnlyList<string> args, string name)
    {
        if (args.Count != 1)
        {
            throw context.Error($"{name} requires exactly one argument");
        }
    }

    private static List<KeyValue> KeyValues(NodeContext context, IReadOnlyList<string> args, string name)
    {
        if (args.Count == 0)
        {
            throw context.Error($"{name} requires at least one argument");
        }
        if (args.Count % 3 != 0)
        {
            throw context.Error($"Bad input to {name}, too many arguments");
        }
        var pairs = new List<KeyValue>();
        for (var i = 0; i < args.Count; i += 3)
        {
            if (args[i].Length == 0)
            {
                throw context.Error($"{name} names can not be blank");
            }
            pairs.Add(new KeyValue(args[i], args[i + 1], args[i + 2].Length != 0));
        }
        return pairs;
    }

    /// <summary>Exec form keeps the argv; shell form is the one string after the keyword (and flags).</summary>
    private static CommandLine CommandOf(SyntaxNode node)
    {
        IReadOnlyList<string> args = node.Args.Count == 0 ? [] : node.IsJson ? node.Args : [string.Join(' ', node.Args)];
        return new CommandLine(args, !node.IsJson, node.Heredocs);
    }

    private static VolumeInstruction ReadVolume(NodeContext context, InstructionFlags flags)
    {
        var node = context.Node;
        if (node.Args.Count == 0)
        {
            throw context.Error("VOLUME requires at least one argument");
        }
        flags.Parse();
        var volumes = new List<string>();
        foreach (var volume in node.Args)
        {
            var trimmed = volume.Trim();
            if (trimmed.Length == 0)
            {
                throw context.Error("VOLUME specified can not be an empty string");
            }
            volumes.Add(trimmed);
        }
        return new VolumeInstruction { Volumes = volumes, File = context.File, StartLine = node.StartLine, EndLine = node.EndLine, Original = node.Original };
    }

    private static ArgInstruction ReadArg(NodeContext context)
    {
        var node = context.Node;
        if (node.Args.Count == 0)
        {
            throw context.Error("ARG requires at least one argument");
        }
        var definitions = new List<ArgDefinition>();
        foreach (var arg in node.Args)
        {
            var eq = arg.IndexOf('=');
            if (eq == 0)
            {
                throw context.Error("ARG names can not be blank");
            }
            definitions.Add(eq < 0 ? new ArgDefinition(arg, null) : new ArgDefinition(arg[..eq], arg[(eq + 1)..]));
        }
        return new ArgInstruction { Args = definitions, File = context.File, StartLine = node.StartLine, EndLine = node.EndLine, Original = node.Original };
    }

    private static ShellInstruction ReadShell(NodeContext context, InstructionFlags flags)
    {
        var node = context.Node;
        flags.Parse();
        if (node.Args.Count == 0)
        {
            throw context.Error("SHELL requires at least one argument");
        }
        if (!node.IsJson)
        {
            throw context.Error("SHELL requires the arguments to be in JSON form");
        }
        return new ShellInstruction { Shell = node.Args, File = context.File, StartLine = node.StartLine, EndLine = node.EndLine, Original = node.Original };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
