using Berth.Engine.Volumes;
using Berth.Oci;
using Berth.Runtime.Spec;

namespace Berth.Engine.Containers;

/// <summary>Where containers meet volumes: given at create, readied at start, released at stop, forgotten at removal.</summary>
public sealed partial class ContainerService
{
    /// <summary>
    /// Finds or creates a new container's volumes (its own, those of <c>--volumes-from</c> containers, Config.Volumes)
    /// and records them, by Docker's precedence (<see cref="VolumePlanner"/>).
    /// </summary>
    /// <exception cref="BerthException">
    /// InvalidArgument for what the request gets wrong, a missing container or volume driver included: dockerd
    /// answers 400 there, and a 404 would make the docker CLI think the image is missing and pull it.
    /// </exception>
    private async Task AttachVolumesAsync(string id, ContainerSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            var inherited = new List<ContainerMount>();
            foreach (var spec in settings.VolumesFrom) inherited.AddRange(InheritedMounts(spec));
            var plan = VolumePlanner.Plan(settings.Volumes, inherited, OwnDestinations(settings.Run));
            if (plan.Count > 0) await volumes.AttachAsync(id, plan, cancellationToken);
        }
        catch (BerthException e) when (e.Kind == ErrorKind.NotFound)
        {
            throw BerthException.Invalid(e.Message, e);
        }
    }

    /// <summary>
    /// <c>CONTAINER[:ro|:rw]</c>: that container's volumes and binds, read-only or read-write as the mode says,
    /// else as they are there.
    /// </summary>
    private List<ContainerMount> InheritedMounts(string spec)
    {
        var colon = spec.IndexOf(':');
        var (name, mode) = colon < 0 ? (spec, "") : (spec[..colon], spec[(colon + 1)..]);
        if (mode is not ("" or "ro" or "rw")) throw BerthException.Invalid($"invalid mode: {mode}");
        var source = Resolve(name);
        var mounts = new List<ContainerMount>(volumes.MountsOf(source.Id));
        var run = SettingsOf(source).Run;
        foreach (var bind in run.Binds ?? [])
        {
            var parts = bind.Split(':');
            if (parts.Length < 2) continue;
            var options = parts.Length > 2 ? parts[2] : "";
            mounts.Add(new ContainerMount(parts[1], ContainerMount.BindType, parts[0], options.Split(',').Contains("ro"), options, NoCopy: true, Anonymous: false));
        }
        foreach (var mount in (run.Mounts ?? []).Where(m => m.Type == "bind" && m.Source is not null))
        {
            mounts.Add(new ContainerMount(mount.Target, ContainerMount.BindType, mount.Source!, mount.ReadOnly, "", NoCopy: true, Anonymous: false));
        }
        return mode.Length == 0 ? mounts : [.. mounts.Select(m => m with { ReadOnly = mode == "ro", Mode = mode })];
    }

    /// <summary>Where the container's own binds, bind and tmpfs mounts and tmpfs go.</summary>
    private static IEnumerable<string> OwnDestinations(RunOptions run) =>
        (run.Binds ?? []).Select(b => b.Split(':')).Where(p => p.Length >= 2).Select(p => p[1])
            .Concat((run.Mounts ?? []).Select(m => m.Target))
            .Concat((run.Tmpfs ?? new Dictionary<string, string>()).Keys);

    /// <summary>The run options with the container's volumes (ready to mount) among its mounts.</summary>
    private async Task<RunOptions> WithVolumesAsync(string id, RunOptions run, string rootfs, CancellationToken cancellationToken)
    {
        var binds = await volumes.PrepareAsync(id, rootfs, cancellationToken);
        return binds.Count == 0 ? run : run with { Mounts = [.. run.Mounts ?? [], .. binds] };
    }

    /// <summary>The run ended: volume devices no other running container uses are unmounted.</summary>
    private Task ReleaseVolumesAsync(string id) =>
        volumes.ReleaseAsync(id, other => store.Get(other) is { } container && IsActive(container.State.Status));
}
