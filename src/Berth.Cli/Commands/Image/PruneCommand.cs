using System.CommandLine;
using Berth.Cli.Formatting;

namespace Berth.Cli.Commands.Image;

/// <summary><c>berth image prune</c>: asks first unless --force, as docker does.</summary>
internal static class PruneCommand
{
    public static Command Create()
    {
        var all = new Option<bool>("--all", "-a") { Description = "Remove all unused images, not just dangling ones" };
        var force = new Option<bool>("--force", "-f") { Description = "Do not prompt for confirmation" };
        var filter = new Option<string[]>("--filter") { Description = "Provide filter values (e.g. \"until=<timestamp>\")" };
        var command = new Command("prune", "Remove unused images") { all, force, filter };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var removeAll = parse.GetValue(all);
            var warning = removeAll
                ? "WARNING! This will remove all images without at least one container associated to them."
                : "WARNING! This will remove all dangling images.";
            if (!parse.GetValue(force) && !await Confirmation.AskAsync(cli, warning, ct)) return 0;
            var filters = FilterArguments.ToJson(parse.GetValue(filter), removeAll ? ("dangling", "false") : ("dangling", "true"));
            var report = await cli.Client.PruneImagesAsync(filters, ct);
            if (report.ImagesDeleted.Count > 0)
            {
                await cli.Out.WriteLineAsync("Deleted Images:");
                foreach (var item in report.ImagesDeleted)
                    await cli.Out.WriteLineAsync(item.Untagged is not null ? $"untagged: {item.Untagged}" : $"deleted: {item.Deleted}");
                await cli.Out.WriteLineAsync();
            }
            await cli.Out.WriteLineAsync($"Total reclaimed space: {HumanUnits.HumanSize(report.SpaceReclaimed)}");
            return 0;
        });
        return command;
    }
}
