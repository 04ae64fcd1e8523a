using System.Threading.Channels;

namespace Berth.Engine.Events;

/// <summary>
/// The engine's event stream: publishers add events; each subscriber gets its own bounded queue of what
/// happens after it subscribed, and a replay of the recent past (the last <see cref="HistorySize"/> events,
/// as dockerd keeps) for <c>--since</c>. A subscriber too slow to keep up loses its oldest events rather than
/// holding up the engine.
/// </summary>
public sealed class EventBus(TimeProvider clock)
{
    public const int HistorySize = 1000;
    private const int SubscriberQueueSize = 4096;

    private readonly Lock _lock = new();
    private readonly LinkedList<EngineEvent> _history = new();
    private readonly List<Channel<EngineEvent>> _subscribers = [];

    public void Publish(string type, string action, string actorId, IReadOnlyDictionary<string, string>? attributes = null)
    {
        var published = new EngineEvent(type, action, actorId, attributes ?? new Dictionary<string, string>(), clock.GetUtcNow());
        lock (_lock)
        {
            _history.AddLast(published);
            if (_history.Count > HistorySize) _history.RemoveFirst();
            foreach (var subscriber in _subscribers) subscriber.Writer.TryWrite(published);
        }
    }

    /// <summary>
    /// The events from <paramref name="since"/> (from the kept history; none when null) and then live ones until
    /// <paramref name="until"/> or cancellation. With an <paramref name="until"/> in the past only history is read.
    /// </summary>
    public async IAsyncEnumerable<EngineEvent> SubscribeAsync(DateTimeOffset? since, DateTimeOffset? until,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var live = Channel.CreateBounded<EngineEvent>(new BoundedChannelOptions(SubscriberQueueSize) { FullMode = BoundedChannelFullMode.DropOldest });
        List<EngineEvent> past;
        lock (_lock)
        {
            past = since is { } from ? [.. _history.Where(e => e.Time >= from && (until is null || e.Time <= until))] : [];
            _subscribers.Add(live);
        }
        try
        {
            foreach (var old in past) yield return old;
            if (until is { } end && end <= clock.GetUtcNow()) yield break;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (until is { } last) stop.CancelAfter(last - clock.GetUtcNow());
            while (true)
            {
                EngineEvent next;
                try
                {
                    next = await live.Reader.ReadAsync(stop.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    yield break; // until reached
                }
                yield return next;
            }
        }
        finally
        {
            lock (_lock) _subscribers.Remove(live);
        }
    }
}
