using System.Threading.Channels;
using Berth.Api.Models;
using Berth.Daemon.Hosting;
using Berth.Engine.Images;

namespace Berth.Daemon.Images;

/// <summary>
/// Runs a pull or push and streams its progress as Docker's JSON messages. Nothing is sent before the first
/// update, so a failure before any progress (an unknown name, a refused login) is a plain HTTP error, as with
/// dockerd; a later failure is the stream's last message (ErrorMiddleware writes it).
/// </summary>
internal static class ProgressStream
{
    public static async Task RunAsync(HttpContext context, Func<Action<ProgressUpdate>, CancellationToken, Task> operation)
    {
        var updates = Channel.CreateUnbounded<ProgressUpdate>(new UnboundedChannelOptions { SingleReader = true });
        var running = RunAndCompleteAsync(operation, updates.Writer, context.RequestAborted);
        await foreach (var update in updates.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                await HttpJson.WriteMessageAsync(context, ToMessage(update));
            }
            catch (Exception e) when (e is IOException or OperationCanceledException)
            {
                // The client left; the operation sees RequestAborted and stops.
            }
        }
        await running;
    }

    private static async Task RunAndCompleteAsync(Func<Action<ProgressUpdate>, CancellationToken, Task> operation, ChannelWriter<ProgressUpdate> writer, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Yield();
            await operation(update => writer.TryWrite(update), cancellationToken);
        }
        finally
        {
            writer.TryComplete();
        }
    }

    public static JsonMessage ToMessage(ProgressUpdate update) => new()
    {
        Status = update.Status,
        Id = update.Id,
        ProgressDetail = update.Id is null ? null : update.HasBytes ? new ProgressDetail { Current = update.Current, Total = update.Total } : new ProgressDetail(),
        Progress = update.HasBytes ? ProgressBar.Render(update.Current, update.Total) : null,
    };
}
