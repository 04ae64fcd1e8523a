using System.CommandLine;
using System.Text;
using Berth.Api.Auth;

namespace Berth.Cli.Commands.Registry;

/// <summary>
/// <c>berth login [-u USER] [-p PASS | --password-stdin] [SERVER]</c>: the daemon checks the credentials with the
/// registry (<c>POST /auth</c>); only then are they stored in docker's config.json, for docker and berth alike.
/// </summary>
internal static class LoginCommand
{
    public static Command Create()
    {
        var username = new Option<string?>("--username", "-u") { Description = "Username" };
        var password = new Option<string?>("--password", "-p") { Description = "Password or Personal Access Token (PAT)" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Take the Password or Personal Access Token (PAT) from stdin" };
        var server = new Argument<string?>("SERVER") { Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("login", "Authenticate to a registry") { username, password, passwordStdin, server };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var user = parse.GetValue(username);
            var secret = parse.GetValue(password);
            if (parse.GetValue(passwordStdin))
            {
                if (!string.IsNullOrEmpty(secret)) throw new CliUsageException("--password and --password-stdin are mutually exclusive");
                if (string.IsNullOrEmpty(user)) throw new CliUsageException("Must provide --username with --password-stdin");
                secret = (await Console.In.ReadToEndAsync(ct)).TrimEnd('\n', '\r');
            }
            else if (!string.IsNullOrEmpty(secret))
            {
                await cli.Error.WriteLineAsync("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
            }
            var address = parse.GetValue(server) is { Length: > 0 } given ? given : RegistryServer.DockerHubKey;
            if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(secret))
            {
                if (Console.IsInputRedirected) throw new CliUsageException("Error: Cannot perform an interactive login from a non TTY device");
                if (string.IsNullOrEmpty(user))
                {
                    await cli.Out.WriteAsync("Username: ");
                    user = Console.ReadLine()?.Trim();
                }
                if (string.IsNullOrEmpty(user)) throw new CliUsageException("Error: Non-null Username Required");
                await cli.Out.WriteAsync("Password: ");
                secret = ReadHidden();
                await cli.Out.WriteLineAsync();
                if (string.IsNullOrEmpty(secret)) throw new CliUsageException("Error: Password Required");
            }
            var response = await cli.Client.LoginAsync(new AuthConfig { Username = user, Password = secret, ServerAddress = address }, ct);
            DockerConfigFile.Default().Store(address, user, secret);
            await cli.Out.WriteLineAsync(response.Status.Length > 0 ? response.Status : "Login Succeeded");
            return 0;
        });
        return command;
    }

    /// <summary>A line from the terminal without echoing it.</summary>
    private static string ReadHidden()
    {
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) return text.ToString();
            if (key.Key == ConsoleKey.Backspace) { if (text.Length > 0) text.Length--; }
            else if (key.KeyChar != '\0') text.Append(key.KeyChar);
        }
    }
}
