using System.CommandLine;
using Berth.Cli.Formatting;

namespace Berth.Cli.Commands.Build;

/// <summary><c>berth builder prune [-f]</c>: forgets the build cache and frees what only it kept.</summary>
internal static class BuilderPruneCommand
{
    public static Command Create()
    {
        var force = new Option<bool>("--force", "-f") { Description = "Do not prompt for confirmation" };
        // Accepted as docker accepts it; Berth's cache is always pruned whole, so it changes nothing.
        var all = new Option<bool>("--all", "-a") { Description = "Remove all unused build cache (always the case here)" };
        var command = new Command("prune", "Remove build cache") { force, all };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            if (!parse.GetValue(force) && !await Confirmation.AskAsync(cli, "WARNING! This will remove all build cache.", ct)) return 0;
            var report = await cli.Client.PruneBuildCacheAsync(ct);
            await cli.Out.WriteLineAsync($"Total:\t{HumanUnits.HumanSize(report.SpaceReclaimed)}");
            return 0;
        });
        return command;
    }
}
