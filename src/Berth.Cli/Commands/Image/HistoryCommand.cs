using System.CommandLine;
using System.Text.Json;
using Berth.Cli.Formatting;

namespace Berth.Cli.Commands.Image;

/// <summary><c>berth history</c> / <c>berth image history</c>.</summary>
internal static class HistoryCommand
{
    private const string DefaultTable = "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";
    private const int CreatedByWidth = 45;

    private static readonly Dictionary<string, string> Headers = new()
    {
        ["ID"] = "IMAGE", ["CreatedSince"] = "CREATED", ["CreatedAt"] = "CREATED AT", ["CreatedBy"] = "CREATED BY",
        ["Size"] = "SIZE", ["Comment"] = "COMMENT",
    };

    public static Command Create(string name)
    {
        var human = new Option<bool>("--human", "-H") { Description = "Print sizes and dates in human readable format", DefaultValueFactory = _ => true };
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Don't truncate output" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only show image IDs" };
        var format = new Option<string?>("--format") { Description = "Format output using a custom template" };
        var image = new Argument<string>("IMAGE");
        var command = new Command(name, "Show the history of an image") { human, noTrunc, quiet, format, image };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var history = await cli.Client.HistoryAsync(parse.GetValue(image)!, ct);
            var full = parse.GetValue(noTrunc);
            var isHuman = parse.GetValue(human);
            var now = DateTimeOffset.UtcNow;
            var rows = history.Select(h =>
            {
                var created = DateTimeOffset.FromUnixTimeSeconds(h.Created);
                var createdBy = h.CreatedBy.Replace('\t', ' ');
                if (!full && createdBy.Length > CreatedByWidth) createdBy = createdBy[..(CreatedByWidth - 1)] + "…";
                return JsonRows.Row(
                    ("ID", h.Id == "<missing>" ? h.Id : ImageId.Display(h.Id, full)),
                    ("CreatedSince", isHuman ? HumanUnits.Since(created, now) : GoFormat.Rfc3339(created)),
                    ("CreatedAt", GoFormat.Rfc3339(created)),
                    ("CreatedBy", createdBy),
                    ("Size", isHuman ? HumanUnits.HumanSizeWithPrecision(h.Size, 3) : h.Size.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    ("Comment", h.Comment));
            }).ToList<JsonElement>();
            var chosen = parse.GetValue(quiet) ? "{{.ID}}" : parse.GetValue(format);
            await cli.Out.WriteAsync(OutputFormat.Render(chosen, DefaultTable, Headers, rows));
            return 0;
        });
        return command;
    }
}
