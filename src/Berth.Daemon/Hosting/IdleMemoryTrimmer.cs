using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Berth.Daemon.Hosting;

/// <summary>
/// Gives back to the system the memory a burst of requests left committed, once the daemon has gone quiet.
/// </summary>
/// <remarks>
/// .NET's GC keeps the memory of its last busy moment for the next one; a daemon that sits on every host mostly
/// waits, and should wait small (Go's background scavenger does the same for dockerd). After a quiet interval that
/// followed some requests, one aggressive full collection compacts the heap and decommits its free space. It runs
/// at most once per quiet spell, never while requests arrive, so it costs nothing on the request path.
/// </remarks>
internal sealed partial class IdleMemoryTrimmer(ILogger<IdleMemoryTrimmer> logger) : BackgroundService
{
    /// <summary>How long without a request counts as quiet.</summary>
    private static readonly TimeSpan QuietInterval = TimeSpan.FromSeconds(2);

    private long _requests;

    /// <summary>Counts a request; called by a middleware for every one.</summary>
    public void OnRequest() => Interlocked.Increment(ref _requests);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(QuietInterval);
        var seen = Interlocked.Read(ref _requests);
        var trimmedAfter = seen;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = Interlocked.Read(ref _requests);
                if (now != seen)
                {
                    seen = now;
                    continue;
                }
                if (now == trimmedAfter) continue;
                trimmedAfter = now;
                var before = Environment.WorkingSet;
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                LogTrimmed(before / 1024 / 1024, Environment.WorkingSet / 1024 / 1024);
            }
        }
        catch (OperationCanceledException)
        {
            // The daemon is stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "idle: heap compacted and free memory returned, resident {Before} MB -> {After} MB")]
    private partial void LogTrimmed(long before, long after);
}
