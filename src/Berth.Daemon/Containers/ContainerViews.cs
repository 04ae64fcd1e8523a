using Berth.Api;
using Berth.Api.Models;
using Berth.Engine.Containers;
using Berth.Oci;

namespace Berth.Daemon.Containers;

/// <summary>Engine containers as the API's list rows and inspect documents, in Docker's shapes and wording.</summary>
public static class ContainerViews
{
    /// <summary>Go's zero time, which Docker shows for a start or finish that never happened.</summary>
    private static readonly string ZeroTime = GoTime.Format(DateTimeOffset.MinValue);

    /// <param name="volumeMounts">The container's volumes and inherited binds (<see cref="Volumes.VolumeViews.MountPoints"/>).</param>
    public static ContainerSummary Summary(ContainerRecord container, ContainerCreateRequest request, DateTimeOffset now, HealthState? health, IEnumerable<MountPoint> volumeMounts)
    {
        var command = CommandLine(request);
        return new ContainerSummary
        {
            Id = container.Id,
            Names = ["/" + container.Name],
            Image = container.ImageName,
            ImageID = container.ImageId.ToString(),
            // dockerd quotes arguments that hold spaces: sh -c 'exit 2'.
            Command = string.Join(' ', command.Select(arg => arg.Contains(' ') ? $"'{arg}'" : arg)),
            Created = container.Created.ToUnixTimeSeconds(),
            Ports = [],
            Labels = request.Labels ?? [],
            State = container.State.Status.ToWire(),
            Status = StatusText(container.State, now) + HealthSuffix(container.State, health),
            HostConfig = new ContainerSummaryHostConfig { NetworkMode = NetworkMode(request) },
            NetworkSettings = new ContainerSummaryNetworkSettings { Networks = [] },
            Mounts = MountPoints(request, volumeMounts),
        };
    }

    public static ContainerInspect Inspect(ContainerRecord container, ContainerCreateRequest request, ContainerLayout layout, string driver, HealthState? health, IEnumerable<MountPoint> volumeMounts)
    {
        var command = CommandLine(request);
        var state = container.State;
        var id = container.Id;
        return new ContainerInspect
        {
            Id = id,
            Created = GoTime.Format(container.Created),
            Path = command.FirstOrDefault() ?? "",
            Args = [.. command.Skip(1)],
            State = new ContainerInspectState
            {
                Status = state.Status.ToWire(),
                Running = state.Status is ContainerStatus.Running or ContainerStatus.Paused,
                Paused = state.Status == ContainerStatus.Paused,
                Restarting = state.Status == ContainerStatus.Restarting,
                OOMKilled = state.OomKilled,
                Dead = state.Status == ContainerStatus.Dead,
                Pid = state.Pid,
                ExitCode = state.ExitCode,
                Error = state.Error,
                StartedAt = state.StartedAt is { } started ? GoTime.Format(started) : ZeroTime,
                FinishedAt = state.FinishedAt is { } finished ? GoTime.Format(finished) : ZeroTime,
                Health = health is null ? null : new ContainerHealth
                {
                    Status = health.Status,
                    FailingStreak = health.FailingStreak,
                    Log = [.. health.Log.Select(p => new HealthcheckResult { Start = GoTime.Format(p.Start), End = GoTime.Format(p.End), ExitCode = p.ExitCode, Output = p.Output })],
                },
            },
            Image = container.ImageId.ToString(),
            ResolvConfPath = layout.ResolvConfPath(id),
            HostnamePath = layout.HostnamePath(id),
            HostsPath = layout.HostsPath(id),
            LogPath = layout.LogPath(id),
            Name = "/" + container.Name,
            RestartCount = state.RestartCount,
            Driver = driver,
            Platform = "linux",
            HostConfig = request.HostConfig ?? new HostConfig(),
            GraphDriver = new GraphDriver(driver, new Dictionary<string, string> { ["MergedDir"] = layout.RootfsPath(id) }),
            Mounts = MountPoints(request, volumeMounts),
            Config = request with
            {
                // Docker stores the short id as the hostname at create, unless the user chose one or the host network.
                Hostname = !string.IsNullOrEmpty(request.Hostname) ? request.Hostname
                    : NetworkMode(request) == "host" ? Environment.MachineName : ContainerIds.Short(id),
                HostConfig = null,
                NetworkingConfig = null,
            },
            NetworkSettings = new ContainerNetworkSettings(),
        };
    }

    /// <summary>
    /// Docker's one-line status: "Created", "Up 5 minutes", "Up 2 hours (Paused)", "Exited (0) 3 seconds ago",
    /// "Restarting (1) 2 seconds ago", "Removal In Progress", "Dead".
    /// </summary>
    public static string StatusText(ContainerState state, DateTimeOffset now) => state.Status switch
    {
        ContainerStatus.Running => $"Up {HumanDuration.Format(now - (state.StartedAt ?? now))}",
        ContainerStatus.Paused => $"Up {HumanDuration.Format(now - (state.StartedAt ?? now))} (Paused)",
        ContainerStatus.Restarting => $"Restarting ({state.ExitCode}) {HumanDuration.Format(now - (state.FinishedAt ?? now))} ago",
        ContainerStatus.Exited => $"Exited ({state.ExitCode}) {HumanDuration.Format(now - (state.FinishedAt ?? now))} ago",
        ContainerStatus.Removing => "Removal In Progress",
        ContainerStatus.Dead => "Dead",
        _ => "Created",
    };

    /// <summary>Docker's health note after "Up …": " (health: starting)", " (healthy)", " (unhealthy)".</summary>
    private static string HealthSuffix(ContainerState state, HealthState? health) =>
        health is null || state.Status != ContainerStatus.Running ? ""
        : health.Status == "starting" ? " (health: starting)"
        : $" ({health.Status})";

    /// <summary>Entrypoint then Cmd: what the container runs, as inspect's Path and Args and ps's COMMAND.</summary>
    private static List<string> CommandLine(ContainerCreateRequest request)
    {
        var entrypoint = request.Entrypoint is [""] ? [] : request.Entrypoint ?? [];
        return [.. entrypoint, .. request.Cmd ?? []];
    }

    private static string NetworkMode(ContainerCreateRequest request) =>
        request.HostConfig?.NetworkMode is { Length: > 0 } mode ? mode : "none";

    /// <summary>Host binds and bind/tmpfs mounts from the request, then the volumes and inherited binds the container was given.</summary>
    private static List<MountPoint> MountPoints(ContainerCreateRequest request, IEnumerable<MountPoint> volumeMounts)
    {
        var points = new List<MountPoint>();
        foreach (var bind in (request.HostConfig?.Binds ?? []).Where(b => !Volumes.VolumeRequestReader.IsVolumeBind(b)))
        {
            var parts = bind.Split(':');
            if (parts.Length < 2) continue;
            var mode = parts.Length > 2 ? parts[2] : "";
            points.Add(new MountPoint
            {
                Type = "bind",
                Source = parts[0],
                Destination = parts[1],
                Mode = mode,
                RW = !mode.Split(',').Contains("ro"),
                Propagation = mode.Split(',').FirstOrDefault(m => m.Contains("private") || m.Contains("shared") || m.Contains("slave")) ?? "rprivate",
            });
        }
        foreach (var mount in (request.HostConfig?.Mounts ?? []).Where(m => m.Type != "volume"))
        {
            points.Add(new MountPoint
            {
                Type = mount.Type,
                Source = mount.Source ?? "",
                Destination = mount.Target ?? "",
                RW = !mount.ReadOnly,
                Propagation = mount.Type == "bind" ? mount.BindOptions?.Propagation ?? "rprivate" : "",
            });
        }
        points.AddRange(volumeMounts);
        return points;
    }
}
