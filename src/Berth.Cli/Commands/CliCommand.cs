using System.CommandLine;
using Berth.Api.Client;
using Berth.Cli.Formatting;

namespace Berth.Cli.Commands;

/// <summary>
/// Runs a command's body with docker's error conventions: a daemon error prints
/// <c>Error response from daemon: …</c>, an unreachable daemon says so plainly; both exit 1.
/// </summary>
internal static class CliCommand
{
    public static readonly Option<string?> HostOption = new("--host", "-H")
    {
        Description = "Daemon socket to connect to (unix:///path; default $BERTH_HOST or unix:///run/berth/berth.sock)",
        Recursive = true,
    };

    public static void SetHandler(Command command, Func<ParseResult, CliContext, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var context = new CliContext(parse.GetValue(HostOption), Console.Out, Console.Error);
            try
            {
                return await body(parse, context, cancellationToken);
            }
            catch (CliExitException e)
            {
                if (e.Message.Length > 0) await context.Error.WriteLineAsync(e.Message);
                return e.ExitCode;
            }
            catch (ApiException e)
            {
                await context.Error.WriteLineAsync($"Error response from daemon: {e.Message}");
            }
            catch (DaemonUnreachableException e)
            {
                await context.Error.WriteLineAsync(e.Message);
            }
            catch (TemplateException e)
            {
                await context.Error.WriteLineAsync($"template parsing error: {e.Message}");
            }
            catch (Exception e) when (e is CliUsageException or FormatException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                // docker prints such errors as they are: "open x.tar: no such file or directory".
                await context.Error.WriteLineAsync(e.Message);
            }
            return 1;
        });
}

/// <summary>A mistake in how a command was called, printed as it is.</summary>
internal sealed class CliUsageException(string message) : Exception(message);

/// <summary>Ends a command with a given exit code (the container's status, docker's 125/126/127) and an optional message.</summary>
internal sealed class CliExitException(int exitCode, string message = "") : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
