using System.CommandLine;
using System.Text.Json;
using Berth.Api.Client;

namespace Berth.Cli.Commands.Container;

/// <summary><c>berth container inspect</c>: containers only, with -s for the SizeRw and SizeRootFs fields.</summary>
internal static class ContainerInspectCommand
{
    public static Command Create()
    {
        var format = new Option<string?>("--format", "-f") { Description = "Format output using a custom template: 'json', or a Go template" };
        var size = new Option<bool>("--size", "-s") { Description = "Display total file sizes" };
        var containers = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.OneOrMore };
        var command = new Command("inspect", "Display detailed information on one or more containers") { format, size, containers };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var found = new List<JsonElement>();
            var failed = new List<string>();
            foreach (var container in parse.GetValue(containers)!)
            {
                try
                {
                    found.Add(await cli.Client.InspectContainerAsync(container, parse.GetValue(size), ct));
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
}
