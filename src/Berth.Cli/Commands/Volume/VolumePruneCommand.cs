using System.CommandLine;
using Berth.Cli.Formatting;

namespace Berth.Cli.Commands.Volume;

/// <summary>
/// <c>berth volume prune</c>: removes unused anonymous volumes (all unused ones with -a), asking first unless
/// --force, as docker does.
/// </summary>
internal static class VolumePruneCommand
{
    public static Command Create()
    {
        var all = new Option<bool>("--all", "-a") { Description = "Remove all unused volumes, not just anonymous ones" };
        var force = new Option<bool>("--force", "-f") { Description = "Do not prompt for confirmation" };
        var filter = new Option<string[]>("--filter") { Description = "Provide filter values (e.g. \"label=<label>\")" };
        var command = new Command("prune", "Remove unused local volumes") { all, force, filter };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var removeAll = parse.GetValue(all);
            var filters = parse.GetValue(filter) ?? [];
            if (removeAll && filters.Any(f => f.StartsWith("all=", StringComparison.OrdinalIgnoreCase)))
                throw new CliUsageException("conflicting options: cannot specify both --all and --filter all=1");
            var warning = removeAll
                ? "WARNING! This will remove all local volumes not used by at least one container."
                : "WARNING! This will remove anonymous local volumes not used by at least one container.";
            if (!parse.GetValue(force) && !await Confirmation.AskAsync(cli, warning, ct)) return 0;
            var report = await cli.Client.PruneVolumesAsync(FilterArguments.ToJson(filters, removeAll ? ("all", "true") : null), ct);
            if (report.VolumesDeleted is { Count: > 0 } deleted)
            {
                await cli.Out.WriteLineAsync("Deleted Volumes:");
                foreach (var name in deleted) await cli.Out.WriteLineAsync(name);
                await cli.Out.WriteLineAsync();
            }
            await cli.Out.WriteLineAsync($"Total reclaimed space: {HumanUnits.HumanSize(report.SpaceReclaimed)}");
            return 0;
        });
        return command;
    }
}
