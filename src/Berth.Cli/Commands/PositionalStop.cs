using System.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>
/// docker's run, create and exec stop reading flags at the first positional argument (pflag's
/// SetInterspersed(false)): in <c>run -it alpine ls -l</c>, <c>-l</c> belongs to ls, not to --label.
/// System.CommandLine reads flags anywhere, so a <c>--</c> is inserted before that first positional argument.
/// In run and create, <c>-h</c> is docker's --hostname, not help, so it is spelled out before the parser sees it.
/// </summary>
internal static class PositionalStop
{
    private static readonly HashSet<string> NonInterspersed = ["run", "create", "exec"];

    public static string[] Apply(RootCommand root, string[] args)
    {
        Command current = root;
        var i = 0;
        for (; i < args.Length; i++)
        {
            var token = args[i];
            if (token == "--") return args;
            if (token == "-h" && current.Name is "run" or "create")
            {
                args = [.. args[..i], "--hostname", .. args[(i + 1)..]];
                token = "--hostname";
            }
            if (token.StartsWith('-'))
            {
                if (TakesValue(current, token) && !token.Contains('=')) i++;
                continue;
            }
            var sub = current.Subcommands.FirstOrDefault(c => c.Name == token || c.Aliases.Contains(token));
            if (sub is not null && !NonInterspersed.Contains(current.Name))
            {
                current = sub;
                continue;
            }
            if (!NonInterspersed.Contains(current.Name)) return args;
            return [.. args[..i], "--", .. args[i..]];
        }
        return args;
    }

    /// <summary>Whether the flag consumes the next word: a non-boolean option, or a short bundle ending in one (<c>-ie VAR</c>).</summary>
    private static bool TakesValue(Command command, string token)
    {
        var options = command.Options.Concat(ParentsRecursiveOptions(command)).ToList();
        var option = options.FirstOrDefault(o => o.Name == token || o.Aliases.Contains(token));
        if (option is null && token.Length > 2 && token[1] != '-')
            option = options.FirstOrDefault(o => o.Aliases.Contains("-" + token[^1]) || o.Name == "-" + token[^1]);
        return option is not null && option.Arity.MinimumNumberOfValues > 0;
    }

    private static IEnumerable<Option> ParentsRecursiveOptions(Command command) =>
        command.Parents.OfType<Command>().SelectMany(p => p.Options.Where(o => o.Recursive).Concat(ParentsRecursiveOptions(p)));
}
