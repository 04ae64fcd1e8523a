using System.CommandLine;
using System.Text.Json;
using Berth.Api.Client;

namespace Berth.Cli.Commands.Image;

/// <summary><c>berth image inspect</c>: images only (the top-level <c>berth inspect</c> also finds containers).</summary>
internal static class InspectCommand
{
    public static Command Create(string name)
    {
        var format = new Option<string?>("--format", "-f") { Description = "Format output using a custom template: 'json', or a Go template" };
        var images = new Argument<string[]>("IMAGE") { Arity = ArgumentArity.OneOrMore };
        var command = new Command(name, "Display detailed information on one or more images") { format, images };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var found = new List<JsonElement>();
            var failed = new List<string>();
            foreach (var image in parse.GetValue(images)!)
            {
                try
                {
                    found.Add(await cli.Client.InspectImageAsync(image, ct));
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
