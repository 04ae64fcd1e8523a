namespace Berth.Engine.Snapshots;

/// <summary>
/// One async mutex per key, made on first use and dropped when its last waiter leaves, so the set of keys
/// (chain IDs) can grow without bound while the dictionary holds only those in use.
/// </summary>
public sealed class KeyedLock<TKey>
    where TKey : notnull
{
    private readonly Dictionary<TKey, Entry> _entries = [];

    /// <summary>Waits until nobody else holds <paramref name="key"/>; disposing the result lets the next one in.</summary>
    public async Task<IDisposable> EnterAsync(TKey key, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(key, out entry!))
            {
                _entries[key] = entry = new Entry();
            }
            entry.Users++;
        }
        try
        {
            await entry.Gate.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(key, entry);
            throw;
        }
        return new Holder(() =>
        {
            entry.Gate.Release();
            Leave(key, entry);
        });
    }

    // Users counts holders and waiters alike: the entry may go only when nobody can still release or wait on it.
    private void Leave(TKey key, Entry entry)
    {
        lock (_entries)
        {
            if (--entry.Users == 0)
            {
                _entries.Remove(key);
                entry.Gate.Dispose();
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public int Users { get; set; }
    }

    private sealed class Holder(Action release) : IDisposable
    {
        private Action? _release = release;
        public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
    }
}
