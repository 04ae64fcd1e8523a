using System.CommandLine;
using Berth.Api.Auth;

namespace Berth.Cli.Commands.Registry;

/// <summary><c>berth logout [SERVER]</c>: forgets the stored login (Docker Hub when no server is given).</summary>
internal static class LogoutCommand
{
    public static Command Create()
    {
        var server = new Argument<string?>("SERVER") { Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("logout", "Log out from a registry") { server };
        CliCommand.SetHandler(command, async (parse, cli, _) =>
        {
            var address = parse.GetValue(server) is { Length: > 0 } given ? given : RegistryServer.DockerHubKey;
            var key = RegistryServer.ConfigKey(address);
            if (!DockerConfigFile.Default().Erase(address))
            {
                await cli.Out.WriteLineAsync($"Not logged in to {key}");
                return 0;
            }
            await cli.Out.WriteLineAsync($"Removing login credentials for {key}");
            return 0;
        });
        return command;
    }
}
