using System.Collections.Concurrent;
using System.Text;
using Berth.Oci;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>Docker keeps this much of a probe's output.</summary>
    private const int MaxProbeOutput = 4096;

    private readonly ConcurrentDictionary<string, (HealthState State, CancellationTokenSource Stop)> _health = new(StringComparer.Ordinal);

    /// <summary>The running container's health, or null when it has no healthcheck (or is not running).</summary>
    public HealthState? HealthOf(string id) => _health.TryGetValue(id, out var entry) ? entry.State : null;

    /// <summary>
    /// Starts probing a container that was just started, if it has a healthcheck; or, <paramref name="recovered"/>,
    /// one that a new daemon found running, from the health the store kept (Docker keeps it across restarts too).
    /// </summary>
    private void StartHealthchecks(ContainerRecord container, ContainerSettings settings, bool recovered)
    {
        StopHealthchecks(container.Id);
        if (settings.Healthcheck is not { } check) return;
        var stop = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);
        var saved = recovered ? store.LoadHealth(container.Id) : null;
        var state = saved is null ? new HealthState() : new HealthState(saved);
        if (saved is null) SaveHealth(container.Id, state);
        _health[container.Id] = (state, stop);
        // The start period counts from the container's start, which for a recovered one was before this daemon.
        var started = recovered && container.State.StartedAt is { } at ? at : clock.GetUtcNow();
        _ = ProbeLoopAsync(container, check, state, started, stop.Token);
    }

    private void SaveHealth(string id, HealthState state)
    {
        try
        {
            store.SaveHealth(id, state.Snapshot());
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            // Health is shown from memory; only a later daemon misses this probe.
            LogHealthNotSaved(e, id);
        }
    }

    private void StopHealthchecks(string id)
    {
        if (!_health.TryRemove(id, out var entry)) return;
        entry.Stop.Cancel();
        entry.Stop.Dispose();
    }

    private async Task ProbeLoopAsync(ContainerRecord container, HealthcheckSettings check, HealthState state, DateTimeOffset started, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var inStartPeriod = clock.GetUtcNow() - started < check.StartPeriod;
                await Task.Delay(inStartPeriod && state.Status == "starting" ? check.StartInterval : check.Interval, cancellationToken);
                var probe = await ProbeAsync(container.Id, check, cancellationToken);
                var changed = state.Record(probe, check.Retries, clock.GetUtcNow() - started < check.StartPeriod);
                // Stopped meanwhile: the record may be gone with the container.
                if (cancellationToken.IsCancellationRequested) return;
                SaveHealth(container.Id, state);
                if (changed is not null) Publish(container, "health_status: " + changed);
            }
        }
        catch (OperationCanceledException)
        {
            // The container stopped, or the daemon is stopping.
        }
        catch (Exception e) when (e is BerthException or IOException)
        {
            LogHealthcheckFailed(e, container.Id);
        }
    }

    /// <summary>Runs the probe as an exec and collects its output; a probe past its timeout counts as failed (-1).</summary>
    private async Task<HealthProbe> ProbeAsync(string id, HealthcheckSettings check, CancellationToken cancellationToken)
    {
        var start = clock.GetUtcNow();
        var output = new StringBuilder();
        int exitCode;
        try
        {
            var session = CreateExec(id, new ExecRequest { Cmd = check.Command, AttachStdout = true, AttachStderr = true });
            await using var connection = await StartExecAsync(session.Id, attach: true, cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(check.Timeout);
            try
            {
                while (connection is not null && await connection.ReadAsync(timeout.Token) is { } frame)
                {
                    if (output.Length < MaxProbeOutput) output.Append(Encoding.UTF8.GetString(frame.Data.Span));
                }
                exitCode = await session.Finished.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                output.Clear().Append($"Health check exceeded timeout ({check.Timeout.TotalSeconds:0}s)");
                exitCode = -1;
            }
        }
        catch (BerthException e) when (e.Kind is not ErrorKind.NotFound)
        {
            output.Append(e.Message);
            exitCode = StartFailure.ExitCode(e.Message);
        }
        var text = output.ToString();
        return new HealthProbe(start, clock.GetUtcNow(), exitCode, text.Length > MaxProbeOutput ? text[..MaxProbeOutput] : text);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "container {Id}: its health could not be stored")]
    private partial void LogHealthNotSaved(Exception exception, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "container {Id}: healthchecks stopped")]
    private partial void LogHealthcheckFailed(Exception exception, string id);
}
