using System.CommandLine;
using Berth.Cli.Formatting;

namespace Berth.Cli.Commands.Container;

/// <summary><c>berth ps</c> / <c>berth container ls</c>: docker's columns, flags and size detection.</summary>
internal static class PsCommand
{
    public static Command Create(string name, params string[] aliases)
    {
        var all = new Option<bool>("--all", "-a") { Description = "Show all containers (default shows just running)" };
        var filter = new Option<string[]>("--filter", "-f") { Description = "Filter output based on conditions provided" };
        var format = new Option<string?>("--format") { Description = "Format output using a custom template: 'table', 'table TEMPLATE', 'json', or a Go template" };
        var last = new Option<int>("--last", "-n") { Description = "Show n last created containers (includes all states)", DefaultValueFactory = _ => -1 };
        var latest = new Option<bool>("--latest", "-l") { Description = "Show the latest created container (includes all states)" };
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Don't truncate output" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only display container IDs" };
        var size = new Option<bool>("--size", "-s") { Description = "Display total file sizes" };
        var command = new Command(name, "List containers") { all, filter, format, last, latest, noTrunc, quiet, size };
        foreach (var alias in aliases) command.Aliases.Add(alias);
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var template = parse.GetValue(format);
            var isQuiet = parse.GetValue(quiet);
            if (!string.IsNullOrEmpty(template) && isQuiet) await cli.Error.WriteLineAsync("WARNING: Ignoring custom format, because both --format and --quiet are set.");
            var limit = parse.GetValue(last);
            if (parse.GetValue(latest) && limit == -1) limit = 1;
            var withSize = parse.GetValue(size)
                || (!isQuiet && parse.GetResult(size) is null && !string.IsNullOrEmpty(template) && template.Contains(".Size", StringComparison.Ordinal));
            var containers = await cli.Client.ListContainersAsync(parse.GetValue(all), limit, withSize, FilterArguments.ToJson(parse.GetValue(filter)), ct);
            var now = DateTimeOffset.UtcNow;
            var rows = ContainerRows.Rows(containers, !parse.GetValue(noTrunc), now);
            await cli.Out.WriteAsync(OutputFormat.Render(ChooseFormat(template, isQuiet, withSize), ContainerRows.DefaultTable, ContainerRows.Headers, rows));
            return 0;
        });
        return command;
    }

    /// <summary>formatter.NewContainerFormat: -q always prints IDs; the default table gains SIZE with --size.</summary>
    internal static string ChooseFormat(string? format, bool quiet, bool size)
    {
        if (quiet) return "{{.ID}}";
        if (string.IsNullOrEmpty(format) || format == "table") return size ? ContainerRows.DefaultTable + "\t{{.Size}}" : ContainerRows.DefaultTable;
        return format;
    }
}
