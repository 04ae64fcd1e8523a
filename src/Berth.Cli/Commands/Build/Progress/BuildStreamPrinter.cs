using Berth.Api.Models;

namespace Berth.Cli.Commands.Build.Progress;

/// <summary>
/// Reads a build's message stream to its end: progress to the printer (none when quiet), the image ID from
/// the <c>aux</c> message, and the exit code docker's CLI gives (a failed RUN's own code, 1 otherwise).
/// The printer is done when the stream is: it is disposed here, however the stream ends.
/// </summary>
internal static class BuildStreamPrinter
{
    public static async Task<int> PrintAsync(
        IAsyncEnumerable<JsonMessage> messages, IBuildProgress? progress, TextWriter output, TextWriter error, string? iidFile, CancellationToken cancellationToken)
    {
        try
        {
            return await PrintToEndAsync(messages, progress, output, error, iidFile, cancellationToken);
        }
        finally
        {
            if (progress is not null) await progress.DisposeAsync();
        }
    }

    private static async Task<int> PrintToEndAsync(
        IAsyncEnumerable<JsonMessage> messages, IBuildProgress? progress, TextWriter output, TextWriter error, string? iidFile, CancellationToken cancellationToken)
    {
        string? imageId = null;
        await foreach (var message in messages.WithCancellation(cancellationToken))
        {
            if (message.Error is not null)
            {
                if (progress is null) await error.WriteLineAsync(message.Error);
                else await progress.FailAsync(message.Error);
                return message.ErrorDetail?.Code is > 0 and var code ? code : 1;
            }
            if (message.Aux?.Id is { } id) imageId = id;
            else if (progress is not null && message.Stream is not null) await progress.WriteAsync(message.Stream);
        }
        if (imageId is null)
        {
            await error.WriteLineAsync("the daemon ended the build without an image ID");
            return 1;
        }
        if (progress is null) await output.WriteLineAsync(imageId);
        else await progress.CompleteAsync(imageId);
        if (iidFile is not null) await File.WriteAllTextAsync(iidFile, imageId, cancellationToken);
        return 0;
    }
}
