using Berth.Runtime.Logs;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// How often a running container's log size is looked at; a look is a few stats. A file can pass max-size by
    /// what the container writes between two looks, so they come quicker once the file is past half of it.
    /// </summary>
    private static readonly TimeSpan LogRotationPoll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LogRotationPollNearFull = TimeSpan.FromMilliseconds(20);

    /// <summary>What watches a container that was just started (or, <paramref name="recovered"/>, found running by a new daemon): its health, its log's size.</summary>
    private void StartWatchers(ContainerRecord container, ContainerSettings settings, bool recovered = false)
    {
        StartHealthchecks(container, settings, recovered);
        if (settings.Log.RotatesFiles) _ = RotateLogsAsync(container.Id, settings.Log, ExitOf(container.Id));
    }

    /// <summary>Rotates the container's log as it grows (<see cref="LogRotator"/>), until the container exits or the daemon stops.</summary>
    private async Task RotateLogsAsync(string id, LogRotation rotation, Task exit)
    {
        var logPath = layout.LogPath(id);
        var bundle = layout.BundleDir(id);
        try
        {
            while (!exit.IsCompleted)
            {
                var nearFull = File.Exists(logPath) && new FileInfo(logPath).Length > rotation.MaxSize / 2;
                await Task.WhenAny(exit, Task.Delay(nearFull ? LogRotationPollNearFull : LogRotationPoll, _shutdown.Token));
                _shutdown.Token.ThrowIfCancellationRequested();
                await LogRotator.RotateIfDueAsync(logPath, rotation, bundle, _shutdown.Token);
            }
            // What the container wrote last may have passed max-size: rotated with no conmon to tell, as Docker leaves it.
            await LogRotator.RotateIfDueAsync(logPath, rotation, bundle, _shutdown.Token);
        }
        catch (OperationCanceledException)
        {
            // The daemon is stopping; conmon's own cap bounds the log until the next daemon looks again.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogRotationFailed(e, id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "container {Id}: log rotation stopped")]
    private partial void LogRotationFailed(Exception exception, string id);
}
