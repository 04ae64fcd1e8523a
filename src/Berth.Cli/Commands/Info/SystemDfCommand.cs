using System.CommandLine;
using Berth.Cli.Formatting;

namespace Berth.Cli.Commands.Info;

/// <summary><c>berth system df</c>: docker's TYPE/TOTAL/ACTIVE/SIZE/RECLAIMABLE table, or each row through --format.</summary>
internal static class SystemDfCommand
{
    public static Command Create()
    {
        var format = new Option<string?>("--format") { Description = "Format output using a custom template: 'table', 'table TEMPLATE', 'json', or a Go template" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Show detailed information on space usage" };
        var command = new Command("df", "Show docker disk usage") { format, verbose };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var usage = await cli.Client.DiskUsageAsync([], ct);
            if (parse.GetValue(verbose))
            {
                await cli.Out.WriteAsync(DiskUsageVerbose.Render(usage, DateTimeOffset.UtcNow));
                return 0;
            }
            await cli.Out.WriteAsync(OutputFormat.Render(parse.GetValue(format), DiskUsageRows.DefaultTable, DiskUsageRows.Headers, DiskUsageRows.Rows(usage)));
            return 0;
        });
        return command;
    }
}
