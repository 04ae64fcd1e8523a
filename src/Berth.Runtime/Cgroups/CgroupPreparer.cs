using Berth.Oci;

namespace Berth.Runtime.Cgroups;

/// <summary>
/// Run once as the daemon starts: makes sure the preferred OCI runtime can work with the host's cgroups,
/// repairing the host when it can and choosing <see cref="RuntimeCompatibility.Fallback"/> when it cannot.
/// </summary>
/// <remarks>
/// The only repair today is for crun on a hybrid host: each controller on v2 gets a v1 hierarchy under
/// <c>/sys/fs/cgroup/NAME</c>. The kernel allows that while no v2 cgroup uses the controller (on a hybrid
/// host v2 holds no containers, so it normally does not), and the mount stays after the daemon exits —
/// it is host configuration, as harmless as the v1 hierarchies already there.
/// </remarks>
public sealed class CgroupPreparer(
    ICgroupMounter mounter,
    Func<CancellationToken, Task<CgroupLayout>> readLayout,
    Func<string, bool> isInstalled)
{
    /// <summary>A preparer for the running host: real mounts, the real layout, runtimes found on PATH.</summary>
    public static CgroupPreparer ForHost() =>
        new(new KernelCgroupMounter(), CgroupLayoutReader.ReadAsync, runtime => ExecutableSearch.Find(runtime) is not null);

    /// <param name="runtime">The runtime the user asked for: "crun" (the default), "runc", or a path to one.</param>
    /// <exception cref="BerthException">
    /// <see cref="ErrorKind.Unavailable"/> when no runtime can run containers on this host; the message says why.
    /// </exception>
    public async Task<RuntimeDecision> PrepareAsync(string runtime = "crun", CancellationToken cancellationToken = default)
    {
        var layout = await readLayout(cancellationToken);
        if (layout.Mode == CgroupMode.None)
        {
            throw new BerthException(ErrorKind.Unavailable,
                $"no cgroup filesystem is mounted under {CgroupLayout.Root}; containers cannot run without one");
        }

        var inTheWay = RuntimeCompatibility.ControllersInTheWay(layout, runtime);
        if (inTheWay.Count == 0)
        {
            return new RuntimeDecision(runtime, [], $"{Describe(layout.Mode)}: using {runtime}");
        }

        var actions = new List<string>();
        var reason = await MoveToV1Async(inTheWay, actions, runtime, cancellationToken);
        if (reason is null)
        {
            var moved = string.Join(" and ", inTheWay.Select(c => $"{c} to a v1 hierarchy at {MountPointFor(c)}"));
            return new RuntimeDecision(runtime, actions, $"{Describe(layout.Mode)}: moved {moved} so {runtime} can run");
        }

        var problem = $"{Describe(layout.Mode)}: {runtime} cannot run while {string.Join(", ", inTheWay)} " +
            $"{(inTheWay.Count == 1 ? "is" : "are")} on cgroup v2, and that cannot be fixed ({reason})";
        if (isInstalled(RuntimeCompatibility.Fallback))
        {
            return new RuntimeDecision(RuntimeCompatibility.Fallback, actions, $"{problem}; using {RuntimeCompatibility.Fallback} instead");
        }
        throw new BerthException(ErrorKind.Unavailable, $"{problem}, and {RuntimeCompatibility.Fallback}, which would run as is, is not installed");
    }

    /// <summary>Mounts a v1 hierarchy for each controller, then checks with the kernel; returns why it failed, or null.</summary>
    private async Task<string?> MoveToV1Async(IReadOnlyList<string> controllers, List<string> actions, string runtime, CancellationToken cancellationToken)
    {
        foreach (var controller in controllers)
        {
            var mountPoint = MountPointFor(controller);
            try
            {
                await mounter.MountV1HierarchyAsync(controller, mountPoint, cancellationToken);
            }
            catch (IOException e)
            {
                // Mounts already made stay: each is a valid v1 hierarchy, and undoing them would be one more way to fail.
                return e.Message;
            }
            actions.Add($"mounted the {controller} controller as a cgroup v1 hierarchy at {mountPoint}");
        }

        // The kernel is the judge: a controller it did not take off v2 still stops the runtime.
        var left = RuntimeCompatibility.ControllersInTheWay(await readLayout(cancellationToken), runtime);
        return left.Count == 0 ? null : $"{string.Join(", ", left)} still on cgroup v2 after mounting";
    }

    private static string MountPointFor(string controller) => Path.Combine(CgroupLayout.Root, controller);

    private static string Describe(CgroupMode mode) => mode switch
    {
        CgroupMode.V1 => "cgroup v1 host",
        CgroupMode.V2 => "cgroup v2 host",
        _ => "cgroup v1/v2 hybrid host",
    };
}
