using System.Text.Json;
using Berth.Api;
using Berth.Api.Models;
using Berth.Daemon.Volumes;
using Berth.Engine.Containers;
using Berth.Oci;
using Berth.Runtime.Logs;
using Berth.Runtime.Spec;

namespace Berth.Daemon.Containers;

/// <summary>
/// Reads the engine's <see cref="ContainerSettings"/> from a stored create request (the Engine API's JSON),
/// with Docker's validation of the parts the spec generator does not see: restart policy, log options.
/// </summary>
public sealed class ContainerSettingsReader : IContainerSettingsReader
{
    /// <summary>
    /// Logs are capped unless the user says otherwise: an unbounded log filling the disk is a classic Docker
    /// complaint. Files of this size are rotated, <see cref="DefaultLogMaxFiles"/> kept (json-file's max-size, max-file).
    /// </summary>
    public const long DefaultLogMaxSize = 10 * 1024 * 1024;

    public const int DefaultLogMaxFiles = 3;

    /// <summary>The options Docker's json-file driver knows; others are refused at create, as dockerd does.</summary>
    private static readonly HashSet<string> JsonFileOptions = new(StringComparer.Ordinal)
    {
        "max-size", "max-file", "compress", "labels", "labels-regex", "env", "env-regex", "tag",
    };

    public ContainerSettings Read(string createRequestJson) => Read(Parse(createRequestJson));

    public static ContainerCreateRequest Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, ApiJsonContext.Default.ContainerCreateRequest)
                ?? throw BerthException.Invalid("config cannot be empty in order to create a container");
        }
        catch (JsonException e)
        {
            throw BerthException.Invalid($"invalid JSON: {e.Message}", e);
        }
    }

    public static ContainerSettings Read(ContainerCreateRequest request)
    {
        var host = request.HostConfig ?? new HostConfig();
        var restart = Restart(host.RestartPolicy);
        if (host.AutoRemove && restart.Mode != RestartMode.No)
            throw BerthException.Invalid("can't create 'AutoRemove' container with restart policy");
        return new ContainerSettings
        {
            Run = RunOptionsOf(request, host),
            Runtime = host.Runtime ?? "",
            OpenStdin = request.OpenStdin,
            StdinOnce = request.StdinOnce,
            AutoRemove = host.AutoRemove,
            Restart = restart,
            StopTimeout = request.StopTimeout,
            StopSignal = request.StopSignal is { Length: > 0 } signal ? signal : "SIGTERM",
            ExtraHosts = host.ExtraHosts ?? [],
            Network = Networks.NetworkRequestReader.Read(request, host),
            Log = LogRotationOf(host.LogConfig),
            Labels = request.Labels ?? [],
            Healthcheck = Healthcheck(request.Healthcheck),
            Volumes = VolumeRequestReader.Read(request, host),
            VolumesFrom = host.VolumesFrom ?? [],
        };
    }

    private static RunOptions RunOptionsOf(ContainerCreateRequest request, HostConfig host) => new()
    {
        Cmd = request.Cmd,
        Entrypoint = request.Entrypoint,
        Env = request.Env,
        User = request.User,
        WorkingDir = request.WorkingDir is { Length: > 0 } dir ? dir : null,
        Hostname = request.Hostname is { Length: > 0 } name ? name : null,
        Tty = request.Tty,
        OpenStdin = request.OpenStdin,
        Privileged = host.Privileged,
        CapAdd = host.CapAdd,
        CapDrop = host.CapDrop,
        SecurityOpt = host.SecurityOpt,
        ReadOnlyRootfs = host.ReadonlyRootfs,
        Tmpfs = host.Tmpfs,
        ShmSize = host.ShmSize,
        Memory = host.Memory,
        MemorySwap = host.MemorySwap,
        MemoryReservation = host.MemoryReservation,
        NanoCpus = host.NanoCpus,
        CpuShares = host.CpuShares,
        CpusetCpus = host.CpusetCpus is { Length: > 0 } cpus ? cpus : null,
        PidsLimit = host.PidsLimit ?? 0,
        Ulimits = host.Ulimits?.ToDictionary(u => u.Name, u => new Ulimit(u.Soft, u.Hard)),
        GroupAdd = host.GroupAdd,
        Init = host.Init ?? false,
        NetworkMode = host.NetworkMode is { Length: > 0 } mode ? mode : null,
        Binds = VolumeRequestReader.HostBinds(host.Binds),
        Mounts = host.Mounts?.Where(m => m.Type != "volume").Select(MountOf).ToList(),
        StopSignal = request.StopSignal is { Length: > 0 } signal ? signal : null,
        Sysctls = host.Sysctls,
    };

    private static MountOption MountOf(HostMount mount) => mount.Type switch
    {
        "bind" or "tmpfs" => new MountOption
        {
            Type = mount.Type,
            Source = mount.Source,
            Target = mount.Target ?? throw BerthException.Invalid("invalid mount config: Target must not be empty"),
            ReadOnly = mount.ReadOnly,
            BindPropagation = mount.BindOptions?.Propagation,
            TmpfsSize = mount.TmpfsOptions?.SizeBytes ?? 0,
            TmpfsMode = mount.TmpfsOptions is { Mode: not 0 } tmpfs ? tmpfs.Mode : null,
        },
        _ => throw new BerthException(ErrorKind.NotImplemented, $"mount type \"{mount.Type}\" is not supported yet (bind, volume and tmpfs are)"),
    };

    private static RestartPolicySettings Restart(RestartPolicy policy)
    {
        var mode = policy.Name switch
        {
            "" or "no" => RestartMode.No,
            "always" => RestartMode.Always,
            "unless-stopped" => RestartMode.UnlessStopped,
            "on-failure" => RestartMode.OnFailure,
            _ => throw BerthException.Invalid($"invalid restart policy: unknown policy '{policy.Name}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'"),
        };
        if (policy.MaximumRetryCount < 0) throw BerthException.Invalid("invalid restart policy: maximum retry count cannot be negative");
        if (policy.MaximumRetryCount > 0 && mode != RestartMode.OnFailure)
            throw BerthException.Invalid("invalid restart policy: maximum retry count can only be used with 'on-failure'");
        return new RestartPolicySettings(mode, policy.MaximumRetryCount);
    }

    /// <summary>
    /// Docker's healthcheck rules: <c>["NONE"]</c> or no test means none; <c>CMD</c> runs its arguments,
    /// <c>CMD-SHELL</c> runs its one string with /bin/sh -c; unset durations are 30 s (interval and timeout),
    /// 0 (start period) and 5 s (start interval), unset retries 3.
    /// </summary>
    private static HealthcheckSettings? Healthcheck(ContainerHealthcheck? health)
    {
        if (health?.Test is not { Count: > 0 } test || test[0] == "NONE") return null;
        var rest = test.Skip(1).ToList();
        IReadOnlyList<string> command = test[0] switch
        {
            "CMD" when rest.Count > 0 => rest,
            "CMD-SHELL" when rest.Count == 1 => ["/bin/sh", "-c", rest[0]],
            _ => throw BerthException.Invalid($"invalid healthcheck test: {string.Join(' ', health.Test)}"),
        };
        static TimeSpan Or(long nanoseconds, TimeSpan fallback) =>
            nanoseconds > 0 ? TimeSpan.FromTicks(nanoseconds / 100) : nanoseconds < 0 ? throw BerthException.Invalid("healthcheck durations cannot be negative") : fallback;
        return new HealthcheckSettings(
            command,
            Or(health.Interval, TimeSpan.FromSeconds(30)),
            Or(health.Timeout, TimeSpan.FromSeconds(30)),
            Or(health.StartPeriod, TimeSpan.Zero),
            Or(health.StartInterval, TimeSpan.FromSeconds(5)),
            health.Retries > 0 ? health.Retries : 3);
    }

    /// <summary>
    /// The json-file driver's <c>max-size</c> (<c>10m</c>, <c>1g</c>, bytes; <c>-1</c> for no limit) and <c>max-file</c>,
    /// or the defaults. dockerd finds bad values at start ("failed to initialize logging driver: …"); Berth says the
    /// same at create, where the user is still looking.
    /// </summary>
    private static LogRotation LogRotationOf(LogConfig log)
    {
        if (log.Type is not ("" or "json-file" or "k8s-file" or "local"))
            throw new BerthException(ErrorKind.NotImplemented, $"logging driver \"{log.Type}\" is not supported; Berth's logs are json-file compatible (docker logs works)");
        var options = log.Config ?? [];
        if (log.Type is "" or "json-file" && options.Keys.FirstOrDefault(k => !JsonFileOptions.Contains(k)) is { } unknown)
            throw BerthException.Invalid($"unknown log opt '{unknown}' for json-file log driver");
        var maxFiles = DefaultLogMaxFiles;
        if (options.GetValueOrDefault("max-file") is { Length: > 0 } fileText)
        {
            if (!int.TryParse(fileText, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out maxFiles))
                throw BerthException.Invalid($"failed to initialize logging driver: strconv.Atoi: parsing \"{fileText}\": invalid syntax");
            if (maxFiles < 1) throw BerthException.Invalid("failed to initialize logging driver: max-file cannot be less than 1");
        }
        return new LogRotation(LogMaxSize(options), maxFiles);
    }

    private static long LogMaxSize(IReadOnlyDictionary<string, string> options)
    {
        if (options.GetValueOrDefault("max-size") is not { Length: > 0 } text) return DefaultLogMaxSize;
        if (text == "-1") return 0;
        long size;
        try
        {
            size = RamSize.Parse(text);
        }
        catch (FormatException e)
        {
            throw BerthException.Invalid($"failed to initialize logging driver: invalid size: '{text}'", e);
        }
        return size > 0 ? size : throw BerthException.Invalid("failed to initialize logging driver: max-size must be a positive number");
    }
}
