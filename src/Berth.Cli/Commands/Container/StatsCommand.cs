using System.CommandLine;
using Berth.Api.Client;
using Berth.Cli.Formatting;

namespace Berth.Cli.Commands.Container;

/// <summary>
/// <c>berth stats</c>: one sample per container (the daemon's stream=false answer already carries the previous CPU
/// reading, so CPU % is meaningful); without --no-stream the table is redrawn every second until Ctrl-C.
/// </summary>
internal static class StatsCommand
{
    public static Command Create()
    {
        var all = new Option<bool>("--all", "-a") { Description = "Show all containers (default shows just running)" };
        var format = new Option<string?>("--format") { Description = "Format output using a custom template: 'table', 'table TEMPLATE', 'json', or a Go template" };
        var noStream = new Option<bool>("--no-stream") { Description = "Disable streaming stats and only pull the first result" };
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Do not truncate output" };
        var containers = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("stats", "Display a live stream of container(s) resource usage statistics") { all, format, noStream, noTrunc, containers };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var named = parse.GetValue(containers) ?? [];
            while (true)
            {
                var ids = named.Length > 0
                    ? named
                    : (await cli.Client.ListContainersAsync(parse.GetValue(all), -1, false, null, ct)).Select(c => c.Id).ToArray();
                var rows = new List<System.Text.Json.JsonElement>();
                foreach (var id in ids)
                {
                    try
                    {
                        rows.Add(StatsCalculator.Row(await cli.Client.ContainerStatsOnceAsync(id, ct), !parse.GetValue(noTrunc)));
                    }
                    catch (ApiException) when (named.Length == 0)
                    {
                        // A container listed a moment ago may be gone already; docker drops it from the table too.
                    }
                }
                var table = OutputFormat.Render(parse.GetValue(format), StatsCalculator.DefaultTable, StatsCalculator.Headers, rows);
                if (parse.GetValue(noStream))
                {
                    await cli.Out.WriteAsync(table);
                    return 0;
                }
                // Clear the screen and home the cursor, as docker redraws its live table.
                await cli.Out.WriteAsync("\u001b[2J\u001b[H" + table);
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        });
        return command;
    }
}
