using Berth.Api.Client;

namespace Berth.Cli.Commands.Container;

/// <summary>
/// The shape of docker's multi-container verbs (stop, kill, pause, rm…): each container in turn, its name printed
/// as given on success, daemon errors printed and the exit code 1 if any failed.
/// </summary>
internal static class EachContainer
{
    public static async Task<int> RunAsync(CliContext cli, IEnumerable<string> containers, Func<string, Task> action, Func<ApiException, bool>? ignore = null)
    {
        var failed = false;
        foreach (var container in containers)
        {
            try
            {
                await action(container);
                await cli.Out.WriteLineAsync(container);
            }
            catch (ApiException e)
            {
                await cli.Error.WriteLineAsync($"Error response from daemon: {e.Message}");
                if (ignore?.Invoke(e) != true) failed = true;
            }
        }
        return failed ? 1 : 0;
    }
}
