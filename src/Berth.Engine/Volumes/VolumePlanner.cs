using Berth.Oci;

namespace Berth.Engine.Volumes;

/// <summary>
/// Decides which volumes a new container gets, by Docker's precedence (daemon registerMountPoints): the
/// container's own binds, tmpfs and named volumes first, then what <c>--volumes-from</c> brings for the
/// destinations still free, then Config.Volumes (<c>-v /path</c>, the image's VOLUME) for those still free.
/// Pure, so every rule has unit tests.
/// </summary>
public static class VolumePlanner
{
    /// <param name="requests">The volumes the request asks for, explicit and implicit.</param>
    /// <param name="inherited">The mounts of the <c>--volumes-from</c> containers, in order.</param>
    /// <param name="ownMounts">Destinations of the container's own binds, bind/tmpfs mounts and tmpfs.</param>
    /// <exception cref="BerthException">InvalidArgument for a bad destination or two explicit mounts on one.</exception>
    public static IReadOnlyList<PlannedMount> Plan(IReadOnlyList<VolumeRequest> requests, IReadOnlyList<ContainerMount> inherited, IEnumerable<string> ownMounts)
    {
        var taken = ownMounts.Select(CleanDestination).ToHashSet(StringComparer.Ordinal);
        var plan = new List<PlannedMount>();
        foreach (var request in requests.Where(r => !r.Implicit))
        {
            var destination = CleanDestination(request.Destination);
            if (!taken.Add(destination)) throw BerthException.Invalid($"Duplicate mount point: {destination}");
            plan.Add(new PlannedMount(destination, null, request));
        }
        foreach (var mount in inherited)
        {
            var destination = CleanDestination(mount.Destination);
            if (taken.Add(destination)) plan.Add(new PlannedMount(destination, mount with { Destination = destination }, null));
        }
        foreach (var request in requests.Where(r => r.Implicit))
        {
            var destination = CleanDestination(request.Destination);
            if (taken.Add(destination)) plan.Add(new PlannedMount(destination, null, request));
        }
        return plan;
    }

    /// <summary>An absolute path without empty, trailing or duplicate separators; never <c>/</c>.</summary>
    public static string CleanDestination(string target)
    {
        if (!target.StartsWith('/')) throw BerthException.Invalid($"invalid mount path: '{target}' mount path must be absolute");
        var clean = "/" + string.Join('/', target.Split('/', StringSplitOptions.RemoveEmptyEntries));
        return clean == "/" ? throw BerthException.Invalid("invalid specification: destination can't be '/'") : clean;
    }
}

/// <summary>One mount of the plan: either inherited as it is, or a volume to find or create.</summary>
public sealed record PlannedMount(string Destination, ContainerMount? Inherited, VolumeRequest? Request);
