using System.CommandLine;

namespace Berth.Cli.Commands.Network;

/// <summary><c>berth network prune</c>: asks first unless --force, as docker does.</summary>
internal static class NetworkPruneCommand
{
    public static Command Create()
    {
        var force = new Option<bool>("--force", "-f") { Description = "Do not prompt for confirmation" };
        var filter = new Option<string[]>("--filter") { Description = "Provide filter values (e.g. \"until=<timestamp>\")" };
        var command = new Command("prune", "Remove all unused networks") { force, filter };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            if (!parse.GetValue(force))
            {
                await cli.Out.WriteAsync("WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue? [y/N] ");
                var answer = (await Console.In.ReadLineAsync(ct))?.Trim().ToLowerInvariant();
                if (answer is not ("y" or "yes")) return 0;
            }
            var report = await cli.Client.PruneNetworksAsync(FilterArguments.ToJson(parse.GetValue(filter)), ct);
            if (report.NetworksDeleted.Count > 0)
            {
                await cli.Out.WriteLineAsync("Deleted Networks:");
                foreach (var name in report.NetworksDeleted) await cli.Out.WriteLineAsync(name);
            }
            return 0;
        });
        return command;
    }
}
