using Berth.Api.Models;

namespace Berth.Cli.Commands;

/// <summary>Prints a daemon's JSON message stream as docker's CLI does; an error message fails the command.</summary>
internal static class StreamMessages
{
    public static async Task<int> PrintAsync(IAsyncEnumerable<JsonMessage> messages, CliContext cli)
    {
        await foreach (var message in messages)
        {
            if (message.Error is not null)
            {
                await cli.Error.WriteLineAsync(message.Error);
                return 1;
            }
            if (message.Stream is not null) await cli.Out.WriteAsync(message.Stream);
            else if (message.Status is not null) await cli.Out.WriteLineAsync(message.Id is null ? message.Status : $"{message.Id}: {message.Status}");
        }
        return 0;
    }
}
