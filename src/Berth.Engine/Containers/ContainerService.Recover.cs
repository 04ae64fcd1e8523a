using Berth.Oci;
using Berth.Runtime.OciRuntimes;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// Called once when the daemon starts, before it serves: matches the store with what conmon and the runtime
    /// know. A container still running gets its monitor back; one that exited while the daemon was away is
    /// recorded with the exit code from its exit file; one that is gone without a trace (a reboot emptied the
    /// exec root) is recorded as exited with 255. A removal that was interrupted is finished.
    /// </summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        foreach (var container in store.List())
        {
            try
            {
                await RecoverAsync(container, cancellationToken);
            }
            catch (Exception e) when (e is BerthException or IOException or UnauthorizedAccessException)
            {
                LogRecoverFailed(e, container.Id);
            }
        }
    }

    private async Task RecoverAsync(ContainerRecord container, CancellationToken cancellationToken)
    {
        var id = container.Id;
        switch (container.State.Status)
        {
            case ContainerStatus.Removing:
                // Whether rm -v was asked is not known any more: anonymous volumes are kept (prune finds them).
                using (await _locks.EnterAsync(id, cancellationToken)) await RemoveLockedAsync(container, removeVolumes: false);
                return;
            case ContainerStatus.Restarting:
                store.UpdateState(id, s => s with { Status = ContainerStatus.Exited });
                return;
            case ContainerStatus.Running or ContainerStatus.Paused:
                break;
            case ContainerStatus.Exited when SettingsOf(container).Restart.Mode == RestartMode.Always:
                // Docker starts "always" containers with the daemon, even ones a user stopped (unlike unless-stopped).
                LogStartingAlways(id);
                using (await _locks.EnterAsync(id, cancellationToken)) await StartLockedAsync(container, container.State.RestartCount, cancellationToken);
                return;
            default:
                return;
        }
        var runtime = runtimes.Get(SettingsOf(container).Runtime);
        if (await runtime.Supervisor.ReadExitCodeAsync(id, TimeSpan.Zero, cancellationToken) is { } exitCode)
        {
            LogRecoveredExit(id, exitCode);
            await HandleExitAsync(id, exitCode);
            return;
        }
        OciState state;
        try
        {
            state = await runtime.Runtime.StateAsync(id, cancellationToken);
        }
        catch (BerthException e) when (e.Kind == ErrorKind.NotFound)
        {
            LogLost(id);
            await HandleExitAsync(id, 255);
            return;
        }
        if (state.Status is OciStatus.Running or OciStatus.Paused)
        {
            store.UpdateState(id, s => s with { Status = state.Status == OciStatus.Paused ? ContainerStatus.Paused : ContainerStatus.Running, Pid = state.Pid });
            LogReattached(id, state.Pid);
            _ = MonitorAsync(id, runtime.Supervisor);
            StartWatchers(container, SettingsOf(container), recovered: true);
            return;
        }
        // Stopped but no exit file: its monitor died with it. The exit code is lost.
        LogLost(id);
        await HandleExitAsync(id, 255);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "container {Id} has restart policy always: starting it with the daemon")]
    private partial void LogStartingAlways(string id);

    [LoggerMessage(Level = LogLevel.Information, Message = "container {Id} is still running as pid {Pid}; watching it again")]
    private partial void LogReattached(string id, int pid);

    [LoggerMessage(Level = LogLevel.Information, Message = "container {Id} exited with {ExitCode} while the daemon was away")]
    private partial void LogRecoveredExit(string id, int exitCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "container {Id} was running but neither conmon nor the runtime knows it any more; marking it exited (255)")]
    private partial void LogLost(string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "container {Id} could not be recovered")]
    private partial void LogRecoverFailed(Exception exception, string id);
}
