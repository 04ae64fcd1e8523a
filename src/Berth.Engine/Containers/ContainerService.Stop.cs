using Berth.Oci;

namespace Berth.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>Docker's default grace period between the stop signal and SIGKILL.</summary>
    public const int DefaultStopTimeoutSeconds = 10;

    /// <summary>How long a SIGKILLed container may take to be reported gone before the engine gives up waiting.</summary>
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Docker's stop: the stop signal, then SIGKILL after <paramref name="timeoutSeconds"/> (the container's own
    /// timeout, else 10; -1 waits for ever). False when the container was not running (the API's 304).
    /// </summary>
    public async Task<bool> StopAsync(string idOrName, int? timeoutSeconds, string? signal, CancellationToken cancellationToken)
    {
        var container = Resolve(idOrName);
        if (!IsActive(container.State.Status)) return false;
        var settings = SettingsOf(container);
        _stoppedByUser[container.Id] = true;
        var exit = _waiters.NextExit(container.Id);
        if (store.Get(container.Id)?.State.Status == ContainerStatus.Restarting)
        {
            // Between restarts there is no process: the pending restart sees the stop and does not happen.
            await SettleRestartAsync(container.Id, cancellationToken);
            Publish(container, "stop");
            return true;
        }
        var runtime = runtimes.Get(settings.Runtime).Runtime;
        var timeout = timeoutSeconds ?? settings.StopTimeout ?? DefaultStopTimeoutSeconds;
        var stopSignal = signal is { Length: > 0 } ? Signals.Validate(signal) : Signals.Validate(settings.StopSignal);
        Publish(container, "kill", ("signal", stopSignal));
        await SignalAsync(container.Id, runtime, stopSignal, cancellationToken);
        // A paused process cannot act on its signal: thaw it, as Docker does.
        if (store.Get(container.Id)?.State.Status == ContainerStatus.Paused) await ResumeQuietlyAsync(container.Id, runtime);
        if (timeout >= 0 && await Task.WhenAny(exit, Task.Delay(TimeSpan.FromSeconds(timeout), cancellationToken)) != exit)
        {
            Publish(container, "kill", ("signal", "9"));
            await SignalAsync(container.Id, runtime, "KILL", cancellationToken);
            await exit.WaitAsync(KillGrace, cancellationToken);
        }
        else
        {
            await exit.WaitAsync(cancellationToken);
        }
        Publish(container, "stop");
        return true;
    }

    /// <summary>Docker's kill: sends <paramref name="signal"/> (default SIGKILL); for SIGKILL waits until the container is reported exited.</summary>
    public async Task KillAsync(string idOrName, string? signal, CancellationToken cancellationToken)
    {
        var container = Resolve(idOrName);
        if (container.State.Status is not (ContainerStatus.Running or ContainerStatus.Paused))
            throw BerthException.Conflict($"cannot kill container: {idOrName}: container {container.Id} is not running");
        var name = string.IsNullOrEmpty(signal) ? "KILL" : Signals.Validate(signal);
        var isKill = name.ToUpperInvariant() is "KILL" or "SIGKILL" or "9";
        if (isKill) _stoppedByUser[container.Id] = true;
        var exit = _waiters.NextExit(container.Id);
        Publish(container, "kill", ("signal", Signals.Validate(name)));
        await SignalAsync(container.Id, runtimes.Get(SettingsOf(container).Runtime).Runtime, name, cancellationToken);
        if (isKill) await exit.WaitAsync(KillGrace, cancellationToken);
    }

    /// <summary>
    /// Docker's restart: stop if running, then start. The stop's exit does not remove a <c>--rm</c> container: dockerd
    /// leaves auto-removal out when the exit is a manual restart's.
    /// </summary>
    public async Task RestartAsync(string idOrName, int? timeoutSeconds, string? signal, CancellationToken cancellationToken)
    {
        var id = Resolve(idOrName).Id;
        _manualRestarts[id] = true;
        try
        {
            await StopAsync(id, timeoutSeconds, signal, cancellationToken);
            await StartAsync(id, cancellationToken);
        }
        finally
        {
            _manualRestarts.TryRemove(id, out _);
        }
        Publish(Resolve(id), "restart");
    }

    public async Task PauseAsync(string idOrName, CancellationToken cancellationToken)
    {
        var container = Resolve(idOrName);
        using (await _locks.EnterAsync(container.Id, cancellationToken))
        {
            var status = store.Get(container.Id)?.State.Status;
            if (status == ContainerStatus.Paused) throw BerthException.Conflict($"container {container.Id} is already paused");
            if (status != ContainerStatus.Running) throw BerthException.Conflict($"container {container.Id} is not running");
            await runtimes.Get(SettingsOf(container).Runtime).Runtime.PauseAsync(container.Id, cancellationToken);
            store.UpdateState(container.Id, s => s with { Status = ContainerStatus.Paused });
            Publish(container, "pause");
        }
    }

    public async Task UnpauseAsync(string idOrName, CancellationToken cancellationToken)
    {
        var container = Resolve(idOrName);
        using (await _locks.EnterAsync(container.Id, cancellationToken))
        {
            if (store.Get(container.Id)?.State.Status != ContainerStatus.Paused)
                throw BerthException.Conflict($"container {container.Id} is not paused");
            await runtimes.Get(SettingsOf(container).Runtime).Runtime.ResumeAsync(container.Id, cancellationToken);
            store.UpdateState(container.Id, s => s with { Status = ContainerStatus.Running });
            Publish(container, "unpause");
        }
    }

    /// <summary>SIGKILL and wait for the exit to be handled; used by rm -f.</summary>
    private async Task KillAndWaitAsync(string id, CancellationToken cancellationToken)
    {
        var exit = _waiters.NextExit(id);
        var container = store.Get(id);
        if (container is null || !IsActive(container.State.Status)) return;
        if (container.State.Status == ContainerStatus.Restarting)
        {
            await SettleRestartAsync(id, cancellationToken);
            return;
        }
        var runtime = runtimes.Get(SettingsOf(container).Runtime).Runtime;
        Publish(container, "kill", ("signal", "9"));
        await SignalAsync(id, runtime, "KILL", cancellationToken);
        if (container.State.Status == ContainerStatus.Paused) await ResumeQuietlyAsync(id, runtime);
        await exit.WaitAsync(KillGrace, cancellationToken);
    }

    /// <summary>Signals the process; one that has just exited on its own is not an error.</summary>
    private static async Task SignalAsync(string id, Runtime.OciRuntimes.IOciRuntime runtime, string signal, CancellationToken cancellationToken)
    {
        try
        {
            await runtime.KillAsync(id, signal, all: false, cancellationToken);
        }
        catch (BerthException e) when (e.Kind is not ErrorKind.InvalidArgument)
        {
            // Exited between the check and the signal ("container not running"): its monitor reports the exit.
            // Signal names were checked before (Signals.Validate), so nothing else is the caller's to hear.
        }
    }

    private async Task ResumeQuietlyAsync(string id, Runtime.OciRuntimes.IOciRuntime runtime)
    {
        try
        {
            await runtime.ResumeAsync(id, CancellationToken.None);
            store.UpdateState(id, s => s.Status == ContainerStatus.Paused ? s with { Status = ContainerStatus.Running } : s);
        }
        catch (BerthException)
        {
            // Gone already.
        }
    }
}
