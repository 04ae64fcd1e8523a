using System.Collections.Concurrent;

namespace Berth.Engine.Containers;

/// <summary>
/// Tells the engine at once when conmon writes a container's exit file, by watching the exit directory with
/// inotify (one watch for all containers) instead of each container polling for its file. conmon writes the
/// file under a temporary name and renames it into place, so a rename or a creation of the plain id means the
/// code is there. A slow poll backs the watch up, for an inotify queue that overflowed.
/// </summary>
public sealed class ExitWatcher : IDisposable
{
    private static readonly TimeSpan FallbackPoll = TimeSpan.FromSeconds(2);

    private readonly string _directory;
    private readonly FileSystemWatcher _watcher;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiters = new();

    public ExitWatcher(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
        _watcher = new FileSystemWatcher(directory) { NotifyFilter = NotifyFilters.FileName, IncludeSubdirectories = false };
        _watcher.Created += (_, e) => Signal(e.Name);
        _watcher.Renamed += (_, e) => Signal(e.Name);
        _watcher.Error += (_, _) => SignalExisting();
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>Completes once the exit file of <paramref name="id"/> exists (at once if it already does).</summary>
    public async Task WaitAsync(string id, CancellationToken cancellationToken)
    {
        var waiter = _waiters.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        // Looked at after registering: a file written in between is seen here, one written later by the watch.
        while (!File.Exists(Path.Join(_directory, id)))
        {
            if (await Task.WhenAny(waiter.Task, Task.Delay(FallbackPoll, cancellationToken)) == waiter.Task) break;
            cancellationToken.ThrowIfCancellationRequested();
        }
        _waiters.TryRemove(new KeyValuePair<string, TaskCompletionSource>(id, waiter));
    }

    public void Dispose() => _watcher.Dispose();

    private void Signal(string? name)
    {
        if (name is not null && _waiters.TryGetValue(name, out var waiter)) waiter.TrySetResult();
    }

    private void SignalExisting()
    {
        foreach (var id in _waiters.Keys)
        {
            if (File.Exists(Path.Join(_directory, id))) Signal(id);
        }
    }
}
