namespace Berth.Engine;

/// <summary>
/// Many shared holders or one exclusive holder, async-friendly. Ingests (import, load) hold it shared from
/// their first blob until their image record is committed; garbage collection holds it exclusive, so it
/// never sees a blob that is written but not yet referenced.
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
