using System.CommandLine;
using Berth.Cli.Commands;
using Berth.Cli.Commands.Build;
using Berth.Cli.Commands.Container;
using Berth.Cli.Commands.Image;
using Berth.Cli.Commands.Info;
using Berth.Cli.Commands.Plugins;
using Berth.Cli.Commands.Volume;
using Berth.Cli.Commands.Registry;
using Berth.Cli.Commands.Network;

namespace Berth.Cli;

/// <summary>The <c>berth</c> command tree: docker's verbs, both top-level (<c>images</c>, <c>rmi</c>) and grouped (<c>image ls</c>).</summary>
internal static class BerthCommandLine
{
    /// <summary>Docker's exit code when the command line itself is wrong.</summary>
    private const int UsageExitCode = 125;

    public static async Task<int> RunAsync(string[] args)
    {
        var root = Build();
        if (CliPlugins.Find(root, args) is { } plugin) return CliPlugins.Exec(plugin, args);
        var parse = root.Parse(PositionalStop.Apply(root, args));
        var errors = parse.Errors.Select(e => e.Message).ToList();
        if (UnknownFlag(parse) is { } flag) errors.Insert(0, $"unknown flag: {flag}");
        if (errors.Count > 0)
        {
            // docker's shape: the error, its usage line, and where to read more.
            foreach (var error in errors) await Console.Error.WriteLineAsync(error);
            var commandPath = string.Join(' ', CommandPath(parse.CommandResult));
            await Console.Error.WriteLineAsync();
            await Console.Error.WriteLineAsync($"Usage:  {commandPath}{Usage(parse.CommandResult.Command)}");
            await Console.Error.WriteLineAsync();
            await Console.Error.WriteLineAsync($"Run '{commandPath} --help' for more information");
            return UsageExitCode;
        }
        return await parse.InvokeAsync();
    }

    private static RootCommand Build()
    {
        var image = new Command("image", "Manage images")
        {
            ImagesCommand.Create("ls", "list"),
            BuildCommand.Create("build"),
            InspectCommand.Create("inspect"),
            HistoryCommand.Create("history"),
            TagCommand.Create("tag"),
            RemoveCommand.Create("rm", "remove", "rmi"),
            PruneCommand.Create(),
            ImportCommand.Create("import"),
            SaveCommand.Create("save"),
            LoadCommand.Create("load"),
            PullCommand.Create("pull"),
            PushCommand.Create("push"),
        };
        var container = new Command("container", "Manage containers")
        {
            AttachCommand.Create(),
            CommitCommand.Create(),
            CpCommand.Create(),
            CreateCommand.Create(),
            DiffCommand.Create(),
            ExecCommand.Create(),
            ExportCommand.Create(),
            ContainerInspectCommand.Create(),
            KillCommand.Create(),
            LogsCommand.Create(),
            PsCommand.Create("ls", "list", "ps"),
            PauseCommand.Create(),
            PortCommand.Create(),
            ContainerPruneCommand.Create(),
            RenameCommand.Create(),
            StopCommand.Create(restart: true),
            RmCommand.Create("rm", "remove"),
            RunCommand.Create(),
            StartCommand.Create(),
            StatsCommand.Create(),
            StopCommand.Create(restart: false),
            TopCommand.Create(),
            UnpauseCommand.Create(),
            WaitCommand.Create(),
        };
        var builder = new Command("builder", "Manage builds") { BuildCommand.Create("build"), BuilderPruneCommand.Create() };
        var volume = new Command("volume", "Manage volumes")
        {
            VolumeCreateCommand.Create(),
            VolumeInspectCommand.Create(),
            VolumeListCommand.Create(),
            VolumePruneCommand.Create(),
            VolumeRemoveCommand.Create(),
        };
        var system = new Command("system", "Manage Berth") { SystemDfCommand.Create(), SystemPruneCommand.Create() };
        var root = new RootCommand("berth: a container engine with Docker's shape")
        {
            CliCommand.HostOption,
            VersionCommand.Create(),
            InfoCommand.Create(),
            builder,
            container,
            image,
            volume,
            NetworkCommands.Create(),
            system,
            RunCommand.Create(),
            CreateCommand.Create(),
            StartCommand.Create(),
            StopCommand.Create(restart: false),
            StopCommand.Create(restart: true),
            KillCommand.Create(),
            PauseCommand.Create(),
            UnpauseCommand.Create(),
            WaitCommand.Create(),
            RmCommand.Create("rm"),
            RenameCommand.Create(),
            PsCommand.Create("ps"),
            LogsCommand.Create(),
            AttachCommand.Create(),
            ExecCommand.Create(),
            TopCommand.Create(),
            DiffCommand.Create(),
            ExportCommand.Create(),
            CommitCommand.Create(),
            PortCommand.Create(),
            CpCommand.Create(),
            StatsCommand.Create(),
            EventsCommand.Create(),
            BuildCommand.Create("build"),
            ImagesCommand.Create("images"),
            ObjectInspectCommand.Create(),
            HistoryCommand.Create("history"),
            TagCommand.Create("tag"),
            RemoveCommand.Create("rmi"),
            ImportCommand.Create("import"),
            SaveCommand.Create("save"),
            LoadCommand.Create("load"),
            PullCommand.Create("pull"),
            PushCommand.Create("push"),
            LoginCommand.Create(),
            LogoutCommand.Create(),
        };
        RemoveWindowsHelpAliases(root);
        return root;
    }

    /// <summary>Windows-style help aliases would swallow values such as <c>-v /h:/c</c> (System.CommandLine splits "/h:/c" on the colon).</summary>
    internal static void RemoveWindowsHelpAliases(RootCommand root)
    {
        foreach (var help in root.Options.OfType<System.CommandLine.Help.HelpOption>())
        {
            help.Aliases.Remove("/h");
            help.Aliases.Remove("/?");
        }
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

    /// <summary>" [OPTIONS] ARG [OPTIONAL] [MANY...]" from a command's options and arguments.</summary>
    private static string Usage(Command command)
    {
        var usage = new System.Text.StringBuilder();
        if (command.Options.Any(o => !o.Hidden && o.Name != "--help")) usage.Append(" [OPTIONS]");
        foreach (var argument in command.Arguments)
        {
            // A command line given after the image reads as docker writes it: [COMMAND] [ARG...].
            if (argument.Name == "COMMAND" && argument.Arity.MaximumNumberOfValues > 1)
            {
                usage.Append(argument.Arity.MinimumNumberOfValues == 0 ? " [COMMAND] [ARG...]" : " COMMAND [ARG...]");
                continue;
            }
            var (name, many) = (argument.Name, argument.Arity.MaximumNumberOfValues > 1);
            usage.Append(' ').Append((argument.Arity.MinimumNumberOfValues == 0, many) switch
            {
                (true, true) => $"[{name}...]",
                (true, false) => $"[{name}]",
                (false, true) => $"{name} [{name}...]",
                (false, false) => name,
            });
        }
        return usage.ToString();
    }

    private static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult? result)
    {
        var names = new Stack<string>();
        for (var current = result; current is not null; current = current.Parent as System.CommandLine.Parsing.CommandResult)
            names.Push(current.Command is RootCommand ? "berth" : current.Command.Name);
        return names;
    }
}
