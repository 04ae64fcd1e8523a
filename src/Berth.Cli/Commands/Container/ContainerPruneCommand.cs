using System.CommandLine;
using Berth.Cli.Formatting;

namespace Berth.Cli.Commands.Container;

/// <summary><c>berth container prune</c>: removes stopped containers, asking first unless --force, as docker does.</summary>
internal static class ContainerPruneCommand
{
    public static Command Create()
    {
        var force = new Option<bool>("--force", "-f") { Description = "Do not prompt for confirmation" };
        var filter = new Option<string[]>("--filter") { Description = "Provide filter values (e.g. \"until=<timestamp>\")" };
        var command = new Command("prune", "Remove all stopped containers") { force, filter };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            if (!parse.GetValue(force) && !await Confirmation.AskAsync(cli, "WARNING! This will remove all stopped containers.", ct)) return 0;
            var report = await cli.Client.PruneContainersAsync(FilterArguments.ToJson(parse.GetValue(filter)), ct);
            if (report.ContainersDeleted is { Count: > 0 } deleted)
            {
                await cli.Out.WriteLineAsync("Deleted Containers:");
                foreach (var id in deleted) await cli.Out.WriteLineAsync(id);
                await cli.Out.WriteLineAsync();
            }
            await cli.Out.WriteLineAsync($"Total reclaimed space: {HumanUnits.HumanSize(report.SpaceReclaimed)}");
            return 0;
        });
        return command;
    }
}
