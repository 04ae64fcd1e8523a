using System.Collections.Concurrent;

namespace Berth.Engine.Containers;

/// <summary>
/// Attach requests that arrived before their container's process exists. The docker CLI attaches before it
/// starts a container, but conmon's attach socket appears only when start creates the container; so an
/// early attacher waits here, start releases it once the container is created, and start holds the user's
/// program back until every such attacher has connected (or gave up), so no early output is missed.
/// </summary>
internal sealed class PendingAttaches
{
    /// <summary>How long start waits for attachers to connect before it lets the program run anyway.</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, List<PendingAttach>> _pending = new();

    public PendingAttach Register(string id)
    {
        var attach = new PendingAttach();
        var list = _pending.GetOrAdd(id, _ => []);
        lock (list) list.Add(attach);
        return attach;
    }

    /// <summary>Called by start once the container exists: releases the waiting attachers and waits for them to connect.</summary>
    public async Task ReleaseAsync(string id, CancellationToken cancellationToken)
    {
        if (!_pending.TryRemove(id, out var list)) return;
        PendingAttach[] attaches;
        lock (list) attaches = [.. list];
        foreach (var attach in attaches) attach.Created.TrySetResult();
        await Task.WhenAll(attaches.Select(a => a.Connected.Task)).WaitAsync(ConnectTimeout, cancellationToken)
            .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>The container went away before it ran: waiting attachers give up.</summary>
    public void Cancel(string id)
    {
        if (!_pending.TryRemove(id, out var list)) return;
        lock (list)
        {
            foreach (var attach in list) attach.Created.TrySetCanceled();
        }
    }

    public void Forget(string id, PendingAttach attach)
    {
        if (_pending.TryGetValue(id, out var list))
        {
            lock (list) list.Remove(attach);
        }
    }
}

/// <summary>One early attacher: <see cref="Created"/> tells it to connect, it sets <see cref="Connected"/> once it has (or failed).</summary>
public sealed class PendingAttach
{
    internal TaskCompletionSource Created { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    internal TaskCompletionSource Connected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task WaitForCreatedAsync(CancellationToken cancellationToken) => Created.Task.WaitAsync(cancellationToken);

    public void MarkConnected() => Connected.TrySetResult();
}
