using Berth.Oci;
using Berth.Oci.Runtime;
using Berth.Runtime.Spec.Seccomp;

namespace Berth.Runtime.Spec;

/// <summary>
/// Builds a container's OCI runtime spec from its image config and run options with Docker's defaults, so
/// a container behaves as it would under Docker: the same capabilities, namespaces, mounts, masked paths,
/// device rules, seccomp filter, environment and command line.
/// </summary>
public static class SpecGenerator
{
    /// <summary>
    /// Containers' cgroups live under this absolute path: with cgroupfs on cgroup v1 it is /berth/ID in every
    /// controller's hierarchy (/sys/fs/cgroup/memory/berth/ID…), on v2 /sys/fs/cgroup/berth/ID in the unified
    /// tree. Absolute rather than relative to the runtime's own cgroup, so that a container's limits and stats
    /// are found in one place wherever berthd itself runs (Docker's cgroupfs driver does the same with /docker).
    /// </summary>
    public const string CgroupParent = "/berth";

    /// <summary>Where <c>--init</c>'s binary is mounted, as Docker mounts docker-init.</summary>
    public const string InitPath = "/sbin/docker-init";

    /// <summary>The image-spec annotation that carries the stop signal to the supervisor.</summary>
    public const string StopSignalAnnotation = "org.opencontainers.image.stopSignal";

    /// <summary>The OCI namespace type for the network, which a host-network container does not get.</summary>
    private const string NetworkNamespace = "network";

    private static readonly IReadOnlyList<string> MaskedPaths =
    [
        "/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
        "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap",
    ];

    private static readonly IReadOnlyList<string> ReadonlyPaths =
        ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

    /// <param name="host">The machine to generate for; the running host when null.</param>
    /// <exception cref="BerthException">InvalidArgument for options Docker would refuse.</exception>
    public static RuntimeSpec Generate(
        ImageConfig image, RunOptions options, string rootfsPath, string containerId, ContainerFiles files, IUserResolver users,
        HostInfo? host = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(containerId);
        host ??= HostInfo.Current();
        var config = image.Config;
        var security = SecurityOptions.Parse(options.SecurityOpt);
        var hostNetwork = IsHostNetwork(options.NetworkMode);
        var hostname = !string.IsNullOrEmpty(options.Hostname) ? options.Hostname
            : hostNetwork ? host.Hostname
            : containerId[..Math.Min(12, containerId.Length)];

        var user = users.ResolveUser(options.User ?? config?.User ?? "");
        var groups = user.AdditionalGids.Concat((options.GroupAdd ?? []).Select(users.ResolveGroup)).Distinct().ToList();
        var capabilities = CapabilitySet.Resolve(options.Privileged, options.CapAdd, options.CapDrop, host.Capabilities);
        var args = ProcessArgs.Build(config, options);
        if (options.Init) args = [InitPath, "--", .. args];

        var confined = !options.Privileged && !security.SystemPathsUnconfined;
        return new RuntimeSpec
        {
            Process = new ProcessSpec
            {
                Terminal = options.Tty,
                User = new UserSpec { Uid = user.Uid, Gid = user.Gid, AdditionalGids = groups.Count > 0 ? groups : null },
                Args = args,
                Env = ContainerEnvironment.Build(hostname, options.Tty, config?.Env, options.Env, user.Home),
                Cwd = WorkingDir(options.WorkingDir ?? config?.WorkingDir),
                // No inheritable or ambient set: a program exec'd inside gains nothing it was not started with.
                Capabilities = new LinuxCapabilities { Bounding = capabilities, Effective = capabilities, Permitted = capabilities },
                Rlimits = Rlimits.Build(options.Ulimits),
                NoNewPrivileges = security.NoNewPrivileges,
                OomScoreAdj = 0,
            },
            Root = new RootSpec { Path = rootfsPath, Readonly = options.ReadOnlyRootfs ? true : null },
            Hostname = hostname,
            Mounts = Mounts(options, files, host),
            Annotations = (options.StopSignal ?? config?.StopSignal) is { Length: > 0 } signal
                ? new Dictionary<string, string> { [StopSignalAnnotation] = signal }
                : null,
            Linux = new LinuxSpec
            {
                Namespaces = Namespaces(hostNetwork, options.NetworkNamespacePath),
                Devices = options.Privileged ? host.ListDevices() : null,
                CgroupsPath = $"{CgroupParent}/{containerId}",
                Resources = ResourceLimits.Build(options, options.Privileged, host.CpuCount),
                Sysctl = Sysctls.Validate(options.Sysctls, hostNetwork),
                Seccomp = Seccomp(options.Privileged, security, capabilities, host),
                RootfsPropagation = RootfsPropagation(options),
                MaskedPaths = confined ? MaskedPaths : null,
                ReadonlyPaths = confined ? ReadonlyPaths : null,
            },
        };
    }

    private static bool IsHostNetwork(string? mode) => mode switch
    {
        "host" => true,
        null or "" or "none" or "default" or "bridge" => false,
        // container:ID and named networks: a namespace of their own or another's, which the engine passes as a path.
        _ => false,
    };

    private static string WorkingDir(string? dir) => dir switch
    {
        null or "" => "/",
        _ when dir.StartsWith('/') => dir,
        _ => throw BerthException.Invalid($"the working directory '{dir}' is invalid, it needs to be an absolute path"),
    };

    private static List<LinuxNamespace> Namespaces(bool hostNetwork, string? networkPath)
    {
        string[] types = ["mount", NetworkNamespace, "uts", "pid", "ipc", "cgroup"];
        return [.. types.Where(t => !(hostNetwork && t == NetworkNamespace))
            .Select(t => new LinuxNamespace { Type = t, Path = t == NetworkNamespace ? networkPath : null })];
    }

    /// <summary>
    /// System mounts, the engine's /etc files, the init and the user's mounts. A user mount replaces a
    /// default at the same place (a bigger /dev/shm, an own /etc/hosts); parents are mounted before children.
    /// </summary>
    private static List<MountSpec> Mounts(RunOptions options, ContainerFiles files, HostInfo host)
    {
        var user = UserMounts.Build(options);
        var taken = user.Select(m => m.Destination).ToHashSet(StringComparer.Ordinal);
        var mounts = SystemMounts.Build(options.Privileged, options.ShmSize).Where(m => !taken.Contains(m.Destination)).ToList();
        // The engine's files are written by the engine, so --read-only makes them read-only too.
        var etcAccess = options.ReadOnlyRootfs ? "ro" : "rw";
        foreach (var (source, destination) in new[] { (files.HostsPath, "/etc/hosts"), (files.HostnamePath, "/etc/hostname"), (files.ResolvConfPath, "/etc/resolv.conf") })
        {
            if (source is null || taken.Contains(destination)) continue;
            mounts.Add(new MountSpec { Destination = destination, Type = "bind", Source = source, Options = ["rbind", "rprivate", etcAccess] });
        }
        if (options.Init)
        {
            var init = host.InitPath ?? throw new BerthException(ErrorKind.Unavailable, "--init needs catatonit or tini on the host, and neither is installed");
            mounts.Add(new MountSpec { Destination = InitPath, Type = "bind", Source = init, Options = ["rbind", "rprivate", "ro"] });
        }
        mounts.AddRange(user);
        return [.. mounts.OrderBy(m => m.Destination.Count(c => c == '/'))];
    }

    private static LinuxSeccomp? Seccomp(bool privileged, SecurityOptions security, IReadOnlyList<string> capabilities, HostInfo host)
    {
        if (privileged || security.SeccompUnconfined) return null;
        var target = new SeccompTarget { Capabilities = capabilities, Architecture = host.Architecture, KernelVersion = host.KernelVersion };
        return security.SeccompProfile is { } profile ? SeccompProfiles.Load(profile, target) : SeccompProfiles.Default(target);
    }

    /// <summary>A shared or slave bind only propagates if the container's root does; otherwise the runtime's default.</summary>
    private static string? RootfsPropagation(RunOptions options)
    {
        var modes = (options.Binds ?? []).SelectMany(b => b.Split(':').Skip(2)).SelectMany(o => o.Split(','))
            .Concat((options.Mounts ?? []).Select(m => m.BindPropagation ?? ""))
            .ToHashSet(StringComparer.Ordinal);
        if (modes.Contains("shared") || modes.Contains("rshared")) return "rshared";
        if (modes.Contains("slave") || modes.Contains("rslave")) return "rslave";
        return null;
    }
}
