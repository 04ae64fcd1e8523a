using System.CommandLine;
using System.Net;
using System.Text.Json;
using Berth.Api.Client;

namespace Berth.Cli.Commands;

/// <summary>
/// The top-level <c>berth inspect</c>: as docker's, each name is looked up as a container, then as an image
/// (or only as the <c>--type</c> given); a name that is neither is "Error: No such object" (or the daemon's
/// "No such container/image" with <c>--type</c>).
/// </summary>
internal static class ObjectInspectCommand
{
    public static Command Create()
    {
        var format = new Option<string?>("--format", "-f") { Description = "Format output using a custom template: 'json', or a Go template" };
        var size = new Option<bool>("--size", "-s") { Description = "Display total file sizes if the type is container" };
        var type = new Option<string?>("--type") { Description = "Only inspect objects of the given type" };
        type.AcceptOnlyFromAmong("container", "image");
        var names = new Argument<string[]>("NAME|ID") { Arity = ArgumentArity.OneOrMore };
        var command = new Command("inspect", "Return low-level information on Docker objects") { format, size, type, names };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var kind = parse.GetValue(type);
            var found = new List<JsonElement>();
            var failed = new List<string>();
            foreach (var name in parse.GetValue(names)!)
            {
                try
                {
                    if (kind != "image" && await TryAsync(() => cli.Client.InspectContainerAsync(name, parse.GetValue(size), ct)) is { } container) found.Add(container);
                    else if (kind != "container" && await TryAsync(() => cli.Client.InspectImageAsync(name, ct)) is { } image) found.Add(image);
                    // docker words it as the daemon does when a --type was given, as its own error otherwise.
                    else failed.Add(kind is null ? $"Error: No such object: {name}" : $"Error response from daemon: No such {kind}: {name}");
                }
                catch (ApiException e)
                {
                    failed.Add($"Error response from daemon: {e.Message}");
                }
            }
            return await InspectOutput.WriteAsync(cli, parse.GetValue(format), found, failed);
        });
        return command;
    }

    /// <summary>The object, or null when the daemon has none by that name; other errors propagate.</summary>
    private static async Task<JsonElement?> TryAsync(Func<Task<JsonElement>> inspect)
    {
        try
        {
            return await inspect();
        }
        catch (ApiException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
