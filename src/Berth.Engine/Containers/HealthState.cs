namespace Berth.Engine.Containers;

/// <summary>One probe run: when, its exit code, and the start of its output, as Docker keeps them.</summary>
public sealed record HealthProbe(DateTimeOffset Start, DateTimeOffset End, int ExitCode, string Output);

/// <summary>A <see cref="HealthState"/> as the container store keeps it (JSON).</summary>
public sealed record HealthSnapshot(string Status, int FailingStreak, IReadOnlyList<HealthProbe> Log);

/// <summary>
/// A running container's health: <c>starting</c> until a probe passes (failures during the start period do not
/// count), <c>healthy</c> after a pass, <c>unhealthy</c> after Retries failures in a row; the last five probes.
/// </summary>
public sealed class HealthState
{
    public const int KeptProbes = 5;

    private readonly Lock _lock = new();
    private readonly Queue<HealthProbe> _log = new();

    public string Status { get; private set; } = "starting";
    public int FailingStreak { get; private set; }

    public IReadOnlyList<HealthProbe> Log
    {
        get { lock (_lock) return [.. _log]; }
    }

    public HealthState()
    {
    }

    /// <summary>A state as <see cref="Snapshot"/> took it: health goes on where it was across a daemon restart.</summary>
    public HealthState(HealthSnapshot saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        Status = saved.Status;
        FailingStreak = saved.FailingStreak;
        foreach (var probe in saved.Log.TakeLast(KeptProbes)) _log.Enqueue(probe);
    }

    /// <summary>Status, streak and probes at one moment, consistent with each other, to be stored.</summary>
    public HealthSnapshot Snapshot()
    {
        lock (_lock) return new HealthSnapshot(Status, FailingStreak, [.. _log]);
    }

    /// <summary>Records a probe; returns the new status when it changed, else null.</summary>
    public string? Record(HealthProbe probe, int retries, bool inStartPeriod)
    {
        lock (_lock)
        {
            _log.Enqueue(probe);
            while (_log.Count > KeptProbes) _log.Dequeue();
            var before = Status;
            if (probe.ExitCode == 0)
            {
                FailingStreak = 0;
                Status = "healthy";
            }
            else if (!inStartPeriod || Status != "starting")
            {
                FailingStreak++;
                if (FailingStreak >= retries) Status = "unhealthy";
            }
            return Status == before ? null : Status;
        }
    }
}
