using System.CommandLine;
using Berth.Cli.Commands;
using Berth.Cli.Commands.Image;
using Berth.Cli.Commands.Info;

namespace Berth.Cli;

/// <summary>The <c>berth</c> command tree: docker's verbs, both top-level (<c>images</c>, <c>rmi</c>) and grouped (<c>image ls</c>).</summary>
internal static class BerthCommandLine
{
    /// <summary>Docker's exit code when the command line itself is wrong.</summary>
    private const int UsageExitCode = 125;

    public static async Task<int> RunAsync(string[] args)
    {
        var root = Build();
        var parse = root.Parse(args);
        var errors = parse.Errors.Select(e => e.Message).ToList();
        if (UnknownFlag(parse) is { } flag) errors.Insert(0, $"unknown flag: {flag}");
        if (errors.Count > 0)
        {
            foreach (var error in errors) await Console.Error.WriteLineAsync(error);
            var commandPath = string.Join(' ', CommandPath(parse.CommandResult));
            await Console.Error.WriteLineAsync($"See '{commandPath} --help'.");
            return UsageExitCode;
        }
        return await parse.InvokeAsync();
    }

    private static RootCommand Build()
    {
        var image = new Command("image", "Manage images")
        {
            ImagesCommand.Create("ls", "list"),
            InspectCommand.Create("inspect"),
            HistoryCommand.Create("history"),
            TagCommand.Create("tag"),
            RemoveCommand.Create("rm", "remove", "rmi"),
            PruneCommand.Create(),
            ImportCommand.Create("import"),
            SaveCommand.Create("save"),
            LoadCommand.Create("load"),
        };
        var root = new RootCommand("berth: a container engine with Docker's shape")
        {
            CliCommand.HostOption,
            VersionCommand.Create(),
            InfoCommand.Create(),
            image,
            ImagesCommand.Create("images"),
            InspectCommand.Create("inspect"),
            HistoryCommand.Create("history"),
            TagCommand.Create("tag"),
            RemoveCommand.Create("rmi"),
            ImportCommand.Create("import"),
            SaveCommand.Create("save"),
            LoadCommand.Create("load"),
        };
        return root;
    }

    /// <summary>
    /// A dash-word where the first positional argument belongs is an unknown flag, as in docker; words after
    /// the first positional argument are left alone (<c>run IMAGE ls -la</c> passes <c>-la</c> to the command).
    /// </summary>
    private static string? UnknownFlag(ParseResult parse)
    {
        var first = parse.CommandResult.Children.OfType<System.CommandLine.Parsing.ArgumentResult>().SelectMany(a => a.Tokens).FirstOrDefault();
        return first is { Value: [ '-', _, .. ] } ? first.Value : null;
    }

    private static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult? result)
    {
        var names = new Stack<string>();
        for (var current = result; current is not null; current = current.Parent as System.CommandLine.Parsing.CommandResult)
            names.Push(current.Command is RootCommand ? "berth" : current.Command.Name);
        return names;
    }
}
