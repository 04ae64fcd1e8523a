namespace Berth.Engine;

/// <summary>
/// Many shared holders or one exclusive holder, async-friendly. See <see cref="Images.BlobCollector"/>:
/// blob leases are shared holds, a collection is an exclusive one that never waits.
/// </summary>
public sealed class SharedExclusiveLock
{
    private readonly SemaphoreSlim _exclusive = new(1, 1);
    private readonly SemaphoreSlim _sharedGate = new(1, 1);
    private int _sharedCount;

    public async Task<IDisposable> EnterSharedAsync(CancellationToken cancellationToken)
    {
        await _sharedGate.WaitAsync(cancellationToken);
        try
        {
            if (++_sharedCount == 1) await _exclusive.WaitAsync(cancellationToken);
        }
        catch
        {
            _sharedCount--;
            throw;
        }
        finally
        {
            _sharedGate.Release();
        }
        return new Releaser(ExitShared);
    }

    public async Task<IDisposable> EnterExclusiveAsync(CancellationToken cancellationToken)
    {
        await _exclusive.WaitAsync(cancellationToken);
        return new Releaser(() => _exclusive.Release());
    }

    /// <summary>Takes the exclusive hold only if nobody holds the lock now; never waits.</summary>
    public IDisposable? TryEnterExclusive() =>
        _exclusive.Wait(0) ? new Releaser(() => _exclusive.Release()) : null;

    private void ExitShared()
    {
        _sharedGate.Wait();
        try
        {
            if (--_sharedCount == 0) _exclusive.Release();
        }
        finally
        {
            _sharedGate.Release();
        }
    }

    private sealed class Releaser(Action release) : IDisposable
    {
        private Action? _release = release;
        public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
    }
}
