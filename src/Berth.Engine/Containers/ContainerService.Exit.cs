using Berth.Oci;
using Berth.Runtime.Conmon;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>Docker's restart back-off: the delay starts here and doubles with each restart in a row…</summary>
    private static readonly TimeSpan FirstRestartDelay = TimeSpan.FromMilliseconds(100);
    /// <summary>…up to this…</summary>
    private static readonly TimeSpan MaxRestartDelay = TimeSpan.FromMinutes(1);
    /// <summary>…and starts over when the container ran at least this long.</summary>
    private static readonly TimeSpan ResetRestartDelayAfter = TimeSpan.FromSeconds(10);

    /// <summary>Watches a started container until it exits, then handles the exit. Runs for as long as the process does.</summary>
    private async Task MonitorAsync(string id, IContainerSupervisor supervisor)
    {
        int exitCode;
        try
        {
            await _exits.WaitAsync(id, _shutdown.Token);
            exitCode = await supervisor.WaitAsync(id, _shutdown.Token);
        }
        catch (OperationCanceledException)
        {
            return; // The daemon is stopping; conmon records the exit and the next daemon reads it.
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            LogMonitorFailed(e, id);
            exitCode = 255;
        }
        try
        {
            await HandleExitAsync(id, exitCode);
        }
        catch (Exception e) when (e is BerthException or IOException or UnauthorizedAccessException)
        {
            LogMonitorFailed(e, id);
        }
    }

    /// <summary>
    /// Records the exit, clears what the run left (runtime state, rootfs mount), wakes the waiters, and then
    /// removes the container (<c>--rm</c>) or schedules its restart (its policy).
    /// </summary>
    private async Task HandleExitAsync(string id, int exitCode)
    {
        TimeSpan? restartIn = null;
        using (await _locks.EnterAsync(id, CancellationToken.None))
        {
            if (store.Get(id) is not { } container || !IsActive(container.State.Status)) return;
            var settings = SettingsOf(container);
            StopHealthchecks(id);
            var oomKilled = OomEvents.WasKilled(id);
            await CleanUpRunAsync(id, runtimes.Get(settings.Runtime));
            var now = clock.GetUtcNow();
            var state = store.UpdateState(id, s => s with
            {
                Status = ContainerStatus.Exited,
                Pid = 0,
                ExitCode = exitCode,
                FinishedAt = now,
                OomKilled = oomKilled,
            });
            LogExited(id, exitCode, oomKilled);
            if (oomKilled) Publish(container, "oom");
            Publish(container, "die", ("exitCode", exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            _waiters.Exited(id, exitCode);
            if (settings.AutoRemove && !_manualRestarts.ContainsKey(id))
            {
                await RemoveLockedAsync(container with { State = state }, removeVolumes: true);
                return;
            }
            if (ShouldRestart(settings.Restart, id, exitCode, state.RestartCount))
            {
                var ranFor = now - (container.State.StartedAt ?? now);
                var attempt = ranFor >= ResetRestartDelayAfter ? 0 : state.RestartCount;
                restartIn = TimeSpan.FromTicks(Math.Min(MaxRestartDelay.Ticks, FirstRestartDelay.Ticks << Math.Min(attempt, 20)));
                store.UpdateState(id, s => s with { Status = ContainerStatus.Restarting });
            }
        }
        if (restartIn is { } delay) _ = RestartLaterAsync(id, delay);
    }

    private bool ShouldRestart(RestartPolicySettings policy, string id, int exitCode, int restartCount)
    {
        if (_stoppedByUser.ContainsKey(id) || _shutdown.IsCancellationRequested) return false;
        return policy.Mode switch
        {
            RestartMode.Always or RestartMode.UnlessStopped => true,
            RestartMode.OnFailure => exitCode != 0 && (policy.MaximumRetryCount == 0 || restartCount < policy.MaximumRetryCount),
            _ => false,
        };
    }

    private async Task RestartLaterAsync(string id, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _shutdown.Token);
            using (await _locks.EnterAsync(id, _shutdown.Token))
            {
                if (store.Get(id) is not { State.Status: ContainerStatus.Restarting } container) return;
                if (_stoppedByUser.ContainsKey(id))
                {
                    store.UpdateState(id, s => s with { Status = ContainerStatus.Exited });
                    return;
                }
                await StartLockedAsync(container, container.State.RestartCount + 1, _shutdown.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The daemon is stopping: the container stays "restarting" and the next daemon settles it.
        }
        catch (BerthException e)
        {
            LogRestartFailed(e, id);
        }
    }

    /// <summary>A stop or removal during a restart's back-off: the container is simply exited.</summary>
    private async Task SettleRestartAsync(string id, CancellationToken cancellationToken)
    {
        using (await _locks.EnterAsync(id, cancellationToken))
        {
            store.UpdateState(id, s => s.Status == ContainerStatus.Restarting ? s with { Status = ContainerStatus.Exited } : s);
        }
        _waiters.Exited(id, store.Get(id)?.State.ExitCode ?? 0);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "container {Id} exited with {ExitCode} (OOM killed: {OomKilled})")]
    private partial void LogExited(string id, int exitCode, bool oomKilled);

    [LoggerMessage(Level = LogLevel.Warning, Message = "container {Id}: watching its process failed")]
    private partial void LogMonitorFailed(Exception exception, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "container {Id}: the restart policy could not start it again")]
    private partial void LogRestartFailed(Exception exception, string id);
}
