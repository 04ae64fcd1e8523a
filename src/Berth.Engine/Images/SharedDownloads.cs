using Berth.Oci;

namespace Berth.Engine.Images;

/// <summary>
/// Blob downloads in flight, by digest, so that two pulls needing one layer share one download: the second
/// joins the first, sees its progress and its outcome. The download is cancelled only when every pull
/// waiting for it has been cancelled.
/// </summary>
public sealed class SharedDownloads
{
    private readonly Dictionary<Digest, Download> _running = [];
    private readonly Lock _lock = new();

    /// <summary>
    /// Runs <paramref name="start"/> for <paramref name="digest"/> unless a download of it is running, and waits for
    /// it; <paramref name="progress"/> hears its bytes so far.
    /// </summary>
    public async Task JoinAsync(Digest digest, Func<IProgress<long>, CancellationToken, Task> start, Action<long> progress, CancellationToken cancellationToken)
    {
        Download download;
        lock (_lock)
        {
            if (!_running.TryGetValue(digest, out download!) || download.Cancellation.IsCancellationRequested)
            {
                // A download whose waiters all left is being cancelled: start afresh once it has let go of the file.
                var previous = download?.Task ?? Task.CompletedTask;
                download = new Download();
                _running[digest] = download;
                download.Task = RunAsync(digest, download, previous, start);
            }
            download.Join(progress);
        }
        try
        {
            await download.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            download.Leave(progress);
            throw;
        }
        download.Leave(progress);
    }

    private async Task RunAsync(Digest digest, Download download, Task previous, Func<IProgress<long>, CancellationToken, Task> start)
    {
        try
        {
            await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ForceYielding);
            await start(download, download.Cancellation.Token);
        }
        finally
        {
            lock (_lock)
            {
                if (_running.TryGetValue(digest, out var current) && current == download) _running.Remove(digest);
            }
        }
    }

    private sealed class Download : IProgress<long>
    {
        private readonly List<Action<long>> _listeners = [];
        private long _current;

        public CancellationTokenSource Cancellation { get; } = new();
        public Task Task { get; set; } = Task.CompletedTask;

        public void Join(Action<long> listener)
        {
            lock (_listeners) _listeners.Add(listener);
        }

        public void Leave(Action<long> listener)
        {
            lock (_listeners)
            {
                _listeners.Remove(listener);
                // Nobody waits any more: stop downloading (the bytes so far stay on disk for the next pull).
                if (_listeners.Count == 0 && !Task.IsCompleted) Cancellation.Cancel();
            }
        }

        public void Report(long value)
        {
            Action<long>[] listeners;
            lock (_listeners)
            {
                _current = value;
                listeners = [.. _listeners];
            }
            foreach (var listener in listeners) listener(_current);
        }
    }
}
