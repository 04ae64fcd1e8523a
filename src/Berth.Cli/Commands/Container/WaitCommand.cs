using System.CommandLine;
using Berth.Api.Client;

namespace Berth.Cli.Commands.Container;

/// <summary><c>berth wait</c>: blocks until each container stops, printing its exit code.</summary>
internal static class WaitCommand
{
    public static Command Create()
    {
        var containers = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.OneOrMore };
        var command = new Command("wait", "Block until one or more containers stop, then print their exit codes") { containers };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var failed = false;
            foreach (var container in parse.GetValue(containers)!)
            {
                try
                {
                    var result = await await cli.Client.WaitContainerAsync(container, null, ct);
                    if (result.Error is { } error) throw new ApiException(System.Net.HttpStatusCode.InternalServerError, error.Message);
                    await cli.Out.WriteLineAsync(result.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
                catch (ApiException e)
                {
                    await cli.Error.WriteLineAsync($"Error response from daemon: {e.Message}");
                    failed = true;
                }
            }
            return failed ? 1 : 0;
        });
        return command;
    }
}
