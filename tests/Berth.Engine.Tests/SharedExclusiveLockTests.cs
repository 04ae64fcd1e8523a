namespace Berth.Engine.Tests;

public sealed class SharedExclusiveLockTests
{
    [Fact]
    public async Task SharedHolders_RunTogether_ExclusiveWaitsForAllOfThem()
    {
        var gate = new SharedExclusiveLock();
        var first = await gate.EnterSharedAsync(default);
        var second = await gate.EnterSharedAsync(default);
        var exclusive = gate.EnterExclusiveAsync(default);
        await Task.Delay(50);
        Assert.False(exclusive.IsCompleted);
        first.Dispose();
        await Task.Delay(50);
        Assert.False(exclusive.IsCompleted);
        second.Dispose();
        using var held = await exclusive.WaitAsync(TimeSpan.FromSeconds(5));
        var shared = gate.EnterSharedAsync(default);
        await Task.Delay(50);
        Assert.False(shared.IsCompleted);
        held.Dispose();
        (await shared.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    [Fact]
    public async Task DisposingTwice_ReleasesOnce()
    {
        var gate = new SharedExclusiveLock();
        var shared = await gate.EnterSharedAsync(default);
        var other = await gate.EnterSharedAsync(default);
        shared.Dispose();
        shared.Dispose();
        var exclusive = gate.EnterExclusiveAsync(default);
        await Task.Delay(50);
        Assert.False(exclusive.IsCompleted, "the second shared holder still holds the lock");
        other.Dispose();
        (await exclusive.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }
}
