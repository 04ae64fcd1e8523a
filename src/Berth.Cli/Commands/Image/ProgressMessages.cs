using Berth.Api.Models;

namespace Berth.Cli.Commands.Image;

/// <summary>
/// Prints a pull's or push's messages as the docker CLI does. Without a terminal: one line per status (<c>ID: status</c>
/// for a layer) and none for the byte counts in between. On a terminal: one line per layer, rewritten in place as
/// its status and progress bar change. An error message ends it with exit 1.
/// </summary>
internal static class ProgressMessages
{
    /// <param name="output">Where the lines go; null prints nothing but errors (<c>-q</c>).</param>
    public static async Task<int> PrintAsync(IAsyncEnumerable<JsonMessage> messages, TextWriter? output, CliContext cli)
    {
        var terminal = output is not null && Terminal.TerminalNative.IsTerminal(1) ? new LayerLines(output) : null;
        await foreach (var message in messages)
        {
            if (message.Error is not null)
            {
                await cli.Error.WriteLineAsync(message.Error);
                return 1;
            }
            if (output is null || message.Status is null) continue;
            if (terminal is not null)
            {
                await terminal.ShowAsync(message);
                continue;
            }
            if (message.ProgressDetail is { Current: > 0 }) continue;
            await output.WriteLineAsync(message.Id is null ? message.Status : $"{message.Id}: {message.Status}");
        }
        return 0;
    }

    /// <summary>The lines of the layers seen so far, each rewritten in place (cursor up, clear line, write, cursor down).</summary>
    private sealed class LayerLines(TextWriter output)
    {
        private readonly List<string> _ids = [];

        public async Task ShowAsync(JsonMessage message)
        {
            if (message.Id is null)
            {
                // A line for the whole operation ends the layer block: later updates start a new one.
                _ids.Clear();
                await output.WriteLineAsync(message.Status);
                return;
            }
            var text = message.Progress is { Length: > 0 } bar ? $"{message.Id}: {message.Status} {bar}" : $"{message.Id}: {message.Status}";
            var index = _ids.IndexOf(message.Id);
            if (index < 0)
            {
                _ids.Add(message.Id);
                await output.WriteLineAsync(text);
                return;
            }
            var up = _ids.Count - index;
            await output.WriteAsync($"\u001b[{up}A\u001b[2K\r{text}\r\u001b[{up}B");
            await output.FlushAsync();
        }
    }
}
