using Berth.Engine.Snapshots;

namespace Berth.Engine.Tests.Snapshots;

public sealed class KeyedLockTests
{
    [Fact]
    public async Task One_key_is_held_by_one_caller_at_a_time_and_other_keys_are_free()
    {
        var locks = new KeyedLock<string>();
        var first = await locks.EnterAsync("a", CancellationToken.None);
        var second = locks.EnterAsync("a", CancellationToken.None);
        using (await locks.EnterAsync("b", CancellationToken.None))
        {
            Assert.False(second.IsCompleted);
        }
        first.Dispose();
        (await second).Dispose();
        // The key's entry is gone and comes back fresh.
        (await locks.EnterAsync("a", CancellationToken.None)).Dispose();
    }

    [Fact]
    public async Task A_cancelled_waiter_does_not_keep_the_key()
    {
        var locks = new KeyedLock<string>();
        var held = await locks.EnterAsync("a", CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waiting = locks.EnterAsync("a", cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        held.Dispose();
        (await locks.EnterAsync("a", CancellationToken.None)).Dispose();
    }
}
