using System.CommandLine;
using System.Text;
using Berth.Cli.Formatting;

namespace Berth.Cli.Commands.Info;

/// <summary>
/// <c>berth system prune</c>: as the docker CLI does, one prune call per kind in docker's order (containers,
/// networks, volumes with --volumes, images, build cache), each printed as it returns, then the total.
/// </summary>
internal static class SystemPruneCommand
{
    public static Command Create()
    {
        var all = new Option<bool>("--all", "-a") { Description = "Remove all unused images not just dangling ones" };
        var volumes = new Option<bool>("--volumes") { Description = "Prune anonymous volumes" };
        var force = new Option<bool>("--force", "-f") { Description = "Do not prompt for confirmation" };
        var filter = new Option<string[]>("--filter") { Description = "Provide filter values (e.g. \"label=<key>=<value>\")" };
        var command = new Command("prune", "Remove unused data") { all, volumes, force, filter };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var removeAll = parse.GetValue(all);
            var withVolumes = parse.GetValue(volumes);
            var filters = parse.GetValue(filter) ?? [];
            if (!parse.GetValue(force) && !await Confirmation.AskAsync(cli, Warning(removeAll, withVolumes, filters), ct)) return 0;
            var json = FilterArguments.ToJson(filters);
            long reclaimed = 0;

            var containers = await cli.Client.PruneContainersAsync(json, ct);
            reclaimed += (long)containers.SpaceReclaimed;
            await PrintAsync(cli, "Deleted Containers:", containers.ContainersDeleted ?? []);
            await PrintAsync(cli, "Deleted Networks:", (await cli.Client.PruneNetworksAsync(json, ct)).NetworksDeleted);
            if (withVolumes)
            {
                var pruned = await cli.Client.PruneVolumesAsync(json, ct);
                reclaimed += (long)pruned.SpaceReclaimed;
                await PrintAsync(cli, "Deleted Volumes:", pruned.VolumesDeleted ?? []);
            }
            var images = await cli.Client.PruneImagesAsync(FilterArguments.ToJson(filters, ("dangling", removeAll ? "false" : "true")), ct);
            reclaimed += images.SpaceReclaimed;
            await PrintAsync(cli, "Deleted Images:",
                [.. images.ImagesDeleted.Select(i => i.Untagged is not null ? $"untagged: {i.Untagged}" : $"deleted: {i.Deleted}")]);
            var cache = await cli.Client.PruneBuildCacheAsync(ct);
            reclaimed += cache.SpaceReclaimed;
            await PrintAsync(cli, "Deleted build cache objects:", cache.CachesDeleted);

            await cli.Out.WriteLineAsync($"Total reclaimed space: {HumanUnits.HumanSize(reclaimed)}");
            return 0;
        });
        return command;
    }

    /// <summary>docker's confirmation text: what each pruner removes, then the filters if any.</summary>
    internal static string Warning(bool all, bool volumes, IReadOnlyList<string> filters)
    {
        var text = new StringBuilder("WARNING! This will remove:\n");
        text.Append("  - all stopped containers\n");
        text.Append("  - all networks not used by at least one container\n");
        if (volumes) text.Append("  - all anonymous volumes not used by at least one container\n");
        text.Append(all ? "  - all images without at least one container associated to them\n" : "  - all dangling images\n");
        text.Append(all ? "  - all build cache\n" : "  - unused build cache\n");
        if (filters.Count > 0)
        {
            text.Append("\n  Items to be pruned will be filtered with:\n");
            foreach (var f in filters) text.Append("  - ").Append(f).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>A section only when something was deleted, followed by a blank line, as docker prints it.</summary>
    private static async Task PrintAsync(CliContext cli, string title, IReadOnlyList<string> deleted)
    {
        if (deleted.Count == 0) return;
        var text = new StringBuilder(title).Append('\n');
        foreach (var id in deleted) text.Append(id).Append('\n');
        await cli.Out.WriteLineAsync(text.ToString());
    }
}
