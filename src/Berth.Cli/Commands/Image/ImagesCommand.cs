using System.CommandLine;
using System.Text.Json;
using Berth.Cli.Formatting;

namespace Berth.Cli.Commands.Image;

/// <summary><c>berth images</c> / <c>berth image ls</c>.</summary>
internal static class ImagesCommand
{
    private const string DefaultTable = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
    private const string DigestsTable = "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";

    private static readonly Dictionary<string, string> Headers = new()
    {
        ["Repository"] = "REPOSITORY", ["Tag"] = "TAG", ["ID"] = "IMAGE ID", ["Digest"] = "DIGEST",
        ["CreatedSince"] = "CREATED", ["CreatedAt"] = "CREATED AT", ["Size"] = "SIZE", ["Containers"] = "CONTAINERS",
        ["SharedSize"] = "SHARED SIZE", ["UniqueSize"] = "UNIQUE SIZE", ["VirtualSize"] = "VIRTUAL SIZE",
    };

    public static Command Create(string name, params string[] aliases)
    {
        var all = new Option<bool>("--all", "-a") { Description = "Show all images (default hides intermediate images)" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only show image IDs" };
        var digests = new Option<bool>("--digests") { Description = "Show digests" };
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Don't truncate output" };
        var filter = new Option<string[]>("--filter", "-f") { Description = "Filter output based on conditions provided" };
        var format = new Option<string?>("--format") { Description = "Format output using a custom template: 'table', 'table TEMPLATE', 'json', or a Go template" };
        var repository = new Argument<string?>("REPOSITORY[:TAG]") { Arity = ArgumentArity.ZeroOrOne };
        var command = new Command(name, "List images") { all, quiet, digests, noTrunc, filter, format, repository };
        foreach (var alias in aliases) command.Aliases.Add(alias);
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var filters = FilterArguments.ToJson(parse.GetValue(filter), parse.GetValue(repository) is { } repo ? ("reference", repo) : null);
            var images = await cli.Client.ListImagesAsync(parse.GetValue(all), parse.GetValue(digests), filters, ct);
            var trunc = !parse.GetValue(noTrunc);
            var now = DateTimeOffset.UtcNow;
            var rows = new List<JsonElement>();
            foreach (var image in images)
            {
                var id = ImageId.Display(image.Id, !trunc);
                var created = DateTimeOffset.FromUnixTimeSeconds(image.Created);
                var names = image.RepoTags.Count > 0 ? image.RepoTags : ["<none>:<none>"];
                foreach (var repoTag in names)
                {
                    var colon = repoTag.LastIndexOf(':');
                    var slash = repoTag.LastIndexOf('/');
                    var (repositoryName, tag) = colon > slash ? (repoTag[..colon], repoTag[(colon + 1)..]) : (repoTag, "<none>");
                    rows.Add(JsonRows.Row(
                        ("Containers", image.Containers < 0 ? "N/A" : image.Containers.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                        ("CreatedAt", GoFormat.Time(created)),
                        ("CreatedSince", HumanUnits.Since(created, now)),
                        ("Digest", image.RepoDigests.FirstOrDefault()?.Split('@').LastOrDefault() ?? "<none>"),
                        ("ID", id),
                        ("Repository", repositoryName),
                        ("SharedSize", image.SharedSize < 0 ? "N/A" : HumanUnits.HumanSizeWithPrecision(image.SharedSize, 3)),
                        ("Size", HumanUnits.HumanSizeWithPrecision(image.Size, 3)),
                        ("Tag", tag),
                        ("UniqueSize", "N/A"),
                        ("VirtualSize", HumanUnits.HumanSizeWithPrecision(image.Size, 3))));
                }
            }
            var chosen = parse.GetValue(quiet) ? "{{.ID}}" : parse.GetValue(format);
            await cli.Out.WriteAsync(OutputFormat.Render(chosen, parse.GetValue(digests) ? DigestsTable : DefaultTable, Headers, rows));
            return 0;
        });
        return command;
    }
}
