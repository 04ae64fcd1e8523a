using System.Collections.Concurrent;
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

    /// <summary>
    /// The logs being rotated, all looked at from one loop: a loop (and a timer) of its own per container woke the
    /// thread pool hundreds of times a second with a hundred containers running, 4% of a CPU for doing nothing.
    /// </summary>
    private readonly ConcurrentDictionary<string, WatchedLog> _rotatingLogs = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _logsToWatch = new(0);
    private int _rotationLoopStarted;

    /// <summary>One run's log: its files, its rotation settings, the run's end, and when it is next due a look.</summary>
    private sealed class WatchedLog(string logPath, string bundleDir, LogRotation rotation, Task exit)
    {
        public string LogPath { get; } = logPath;
        public string BundleDir { get; } = bundleDir;
        public LogRotation Rotation { get; } = rotation;
        public Task Exit { get; } = exit;
        public DateTimeOffset NextLook { get; set; }
    }

    /// <summary>What watches a container that was just started (or, <paramref name="recovered"/>, found running by a new daemon): its health, its log's size.</summary>
    private void StartWatchers(ContainerRecord container, ContainerSettings settings, bool recovered = false)
    {
        StartHealthchecks(container, settings, recovered);
        if (!settings.Log.RotatesFiles) return;
        _rotatingLogs[container.Id] = new WatchedLog(layout.LogPath(container.Id), layout.BundleDir(container.Id), settings.Log, ExitOf(container.Id));
        if (Interlocked.Exchange(ref _rotationLoopStarted, 1) == 0) _ = RotateLogsAsync();
        if (_logsToWatch.CurrentCount == 0) _logsToWatch.Release();
    }

    /// <summary>
    /// Rotates the watched logs as they grow (<see cref="LogRotator"/>) until the daemon stops; a run's log is looked at
    /// once more after its exit (what it wrote last may have passed max-size) and then no longer.
    /// </summary>
    private async Task RotateLogsAsync()
    {
        try
        {
            while (true)
            {
                if (_rotatingLogs.IsEmpty) await _logsToWatch.WaitAsync(_shutdown.Token);
                var now = clock.GetUtcNow();
                foreach (var (id, log) in _rotatingLogs)
                {
                    if (log.NextLook > now && !log.Exit.IsCompleted) continue;
                    await LookAtLogAsync(id, log, now);
                }
                var next = _rotatingLogs.IsEmpty ? LogRotationPoll : _rotatingLogs.Values.Min(log => log.NextLook) - clock.GetUtcNow();
                if (next > TimeSpan.Zero) await Task.Delay(next, _shutdown.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The daemon is stopping; conmon's own cap bounds the logs until the next daemon looks again.
        }
    }

    private async Task LookAtLogAsync(string id, WatchedLog log, DateTimeOffset now)
    {
        var exited = log.Exit.IsCompleted;
        try
        {
            await LogRotator.RotateIfDueAsync(log.LogPath, log.Rotation, log.BundleDir, _shutdown.Token);
        }
        // One log's failure stops the watch of that log only, never the loop that serves them all.
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Oci.BerthException)
        {
            LogRotationFailed(e, id);
            exited = true;
        }
        // Only this run's entry: a restart may have put the next run's in its place meanwhile.
        if (exited) _rotatingLogs.TryRemove(new KeyValuePair<string, WatchedLog>(id, log));
        var nearFull = File.Exists(log.LogPath) && new FileInfo(log.LogPath).Length > log.Rotation.MaxSize / 2;
        log.NextLook = now + (nearFull ? LogRotationPollNearFull : LogRotationPoll);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "container {Id}: log rotation stopped")]
    private partial void LogRotationFailed(Exception exception, string id);
}
