using System.Collections.Concurrent;

namespace Berth.Engine.Containers;

/// <summary>
/// One-shot notifications per container: its next exit (with the exit code) and its removal. A waiter
/// registers first and looks at the state after, so an exit between the two cannot be missed.
/// </summary>
internal sealed class ContainerWaiters
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<int>> _exits = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<int>> _removals = new();

    /// <summary>Completes with the exit code when the container next exits.</summary>
    public Task<int> NextExit(string id) => Get(_exits, id).Task;

    /// <summary>Completes with the last exit code when the container is removed.</summary>
    public Task<int> Removal(string id) => Get(_removals, id).Task;

    public void Exited(string id, int exitCode)
    {
        if (_exits.TryRemove(id, out var waiter)) waiter.TrySetResult(exitCode);
    }

    public void Removed(string id, int exitCode)
    {
        Exited(id, exitCode);
        if (_removals.TryRemove(id, out var waiter)) waiter.TrySetResult(exitCode);
    }

    private static TaskCompletionSource<int> Get(ConcurrentDictionary<string, TaskCompletionSource<int>> waiters, string id) =>
        waiters.GetOrAdd(id, _ => new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously));
}
