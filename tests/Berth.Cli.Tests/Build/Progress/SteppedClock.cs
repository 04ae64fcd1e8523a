namespace Berth.Cli.Tests.Build.Progress;

/// <summary>A clock that moves only when told, with timers that fire as it passes their due time (as a ticker would).</summary>
internal sealed class SteppedClock : TimeProvider
{
    private readonly List<Timer> _timers = [];

    public DateTimeOffset Now { get; private set; } = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;

    /// <summary>Moves the clock on; each timer due on the way fires (once per period passed).</summary>
    public void Advance(TimeSpan by)
    {
        var target = Now + by;
        while (_timers.Where(t => t.Due is { } due && due <= target).MinBy(t => t.Due) is { } timer)
        {
            Now = timer.Due!.Value;
            timer.Fire();
        }
        Now = target;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        _timers.Add(timer);
        return timer;
    }

    private sealed class Timer(SteppedClock clock, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset? Due { get; private set; }

        public void Fire()
        {
            Due = _period == Timeout.InfiniteTimeSpan ? null : Due + _period;
            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Due = dueTime == Timeout.InfiniteTimeSpan ? null : clock.Now + dueTime;
            _period = period;
            return true;
        }

        public void Dispose() => Due = null;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
