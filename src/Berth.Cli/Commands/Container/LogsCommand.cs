using System.CommandLine;
using Berth.Api.Client;
using Berth.Cli.Commands.Container.Attaching;

namespace Berth.Cli.Commands.Container;

/// <summary><c>berth logs</c>: the container's stdout to stdout and stderr to stderr (one stream with a TTY).</summary>
internal static class LogsCommand
{
    public static Command Create()
    {
        var follow = new Option<bool>("--follow", "-f") { Description = "Follow log output" };
        var since = new Option<string?>("--since") { Description = "Show logs since timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)" };
        var tail = new Option<string>("--tail", "-n") { Description = "Number of lines to show from the end of the logs", DefaultValueFactory = _ => "all" };
        var timestamps = new Option<bool>("--timestamps", "-t") { Description = "Show timestamps" };
        var until = new Option<string?>("--until") { Description = "Show logs before a timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)" };
        var container = new Argument<string>("CONTAINER");
        var command = new Command("logs", "Fetch the logs of a container") { follow, since, tail, timestamps, until, container };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var now = DateTimeOffset.UtcNow;
            var inspected = InspectedContainer.From(await cli.Client.InspectContainerAsync(parse.GetValue(container)!, false, ct));
            var query = new ContainerLogsQuery(
                parse.GetValue(follow), parse.GetValue(timestamps), parse.GetValue(tail),
                parse.GetValue(since) is { Length: > 0 } s ? LogTimestamp.Parse(s, now) : null,
                parse.GetValue(until) is { Length: > 0 } u ? LogTimestamp.Parse(u, now) : null);
            await using var logs = await cli.Client.ContainerLogsAsync(inspected.Id, query, ct);
            await using var stdout = Console.OpenStandardOutput();
            await using var stderr = Console.OpenStandardError();
            await new HijackedStreams(logs, inspected.Tty, null, stdout, stderr, null, () => { }).RunAsync(ct);
            return 0;
        });
        return command;
    }
}
