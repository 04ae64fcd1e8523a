using Berth.Engine.Events;
using Berth.Oci;
using Berth.Storage.Mounting;
using Berth.Storage.Trees;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Volumes;

/// <summary>
/// The daemon's volumes (Docker's <c>local</c> driver): create, inspect, list, remove and prune, and what
/// containers need of them: their volumes found or created at container create, mounted (devices) and filled
/// from the image (copy-up) at start, released at stop, forgotten (and the anonymous ones removed) at removal.
/// </summary>
/// <remarks>
/// Concurrency: every change to what exists or is mounted runs under one gate, so a volume is never removed while
/// a container is being given it, and a device is mounted once. Copy-up runs outside the gate, under a lock per
/// volume, so filling one volume does not hold up the others. The container service calls in holding a
/// container's lock; this service never calls back into it (lock order: container, then volume gate).
/// </remarks>
public sealed partial class VolumeService(
    VolumeStore store,
    VolumeLayout layout,
    IMounter mounter,
    EventBus events,
    TimeProvider clock,
    ILogger<VolumeService> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Snapshots.KeyedLock<string> _copies = new();

    public VolumeLayout Layout => layout;
    public VolumeStore Store => store;

    /// <summary>
    /// Docker's volume create: a new volume, or the existing one of that name. No name makes an anonymous volume.
    /// </summary>
    /// <exception cref="BerthException">InvalidArgument for a bad name or options; NotFound for a driver other than local.</exception>
    public async Task<VolumeRecord> CreateAsync(string? name, string? driver, IReadOnlyDictionary<string, string>? options,
        IReadOnlyDictionary<string, string>? labels, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return CreateLocked(name, driver, options, labels).Volume;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <exception cref="BerthException">NotFound with Docker's message.</exception>
    public VolumeRecord Get(string name) => store.Get(name) ?? throw BerthException.NotFound($"get {name}: no such volume");

    public IReadOnlyList<VolumeRecord> List() => store.List();

    /// <summary>Names of the volumes some container (running or not) uses.</summary>
    public IReadOnlySet<string> InUse() => store.InUse();

    /// <summary>
    /// Docker's volume rm. A volume any container uses (stopped ones too) is refused, even with
    /// <paramref name="force"/>, which only makes a missing volume no error.
    /// </summary>
    public async Task RemoveAsync(string name, bool force, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (store.Get(name) is not { } volume)
            {
                if (force) return;
                throw BerthException.NotFound($"get {name}: no such volume");
            }
            var users = store.UsersOf(name);
            if (users.Count > 0) throw BerthException.Conflict($"remove {name}: volume is in use - [{string.Join(' ', users)}]");
            await DeleteLockedAsync(volume);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Removes the volumes no container uses that <paramref name="match"/> accepts; returns their names and the bytes freed.</summary>
    public async Task<(IReadOnlyList<string> Deleted, long SpaceReclaimed)> PruneAsync(Func<VolumeRecord, bool> match, CancellationToken cancellationToken)
    {
        var deleted = new List<string>();
        long reclaimed = 0;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var used = store.InUse();
            foreach (var volume in store.List())
            {
                if (used.Contains(volume.Name) || !match(volume)) continue;
                var size = VolumeSize.Measure(layout.DataPath(volume.Name), cancellationToken);
                await DeleteLockedAsync(volume);
                deleted.Add(volume.Name);
                reclaimed += size;
            }
        }
        finally
        {
            _gate.Release();
        }
        return (deleted, reclaimed);
    }

    /// <summary>
    /// Gives a new container the volumes of its plan: named ones found or created (with the request's driver
    /// options and labels), anonymous ones created, inherited mounts kept as they are; and records them.
    /// Anonymous volumes made here are removed again when this fails.
    /// </summary>
    public async Task<IReadOnlyList<ContainerMount>> AttachAsync(string containerId, IReadOnlyList<PlannedMount> plan, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        var created = new List<VolumeRecord>();
        try
        {
            var mounts = new List<ContainerMount>();
            foreach (var planned in plan)
            {
                if (planned.Inherited is { } inherited)
                {
                    mounts.Add(inherited);
                    continue;
                }
                var request = planned.Request!;
                var (volume, isNew) = CreateLocked(request.Name, request.Driver, request.DriverOptions, request.Labels);
                if (isNew) created.Add(volume);
                mounts.Add(new ContainerMount(planned.Destination, ContainerMount.VolumeType, volume.Name, request.ReadOnly, request.Mode,
                    request.NoCopy, Anonymous: request.Name is null));
            }
            store.SetMounts(containerId, mounts);
            return mounts;
        }
        catch
        {
            foreach (var volume in created) await DeleteLockedAsync(volume);
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The mounts a container was given at create (its volumes and inherited binds).</summary>
    public IReadOnlyList<ContainerMount> MountsOf(string containerId) => store.MountsOf(containerId);

    /// <summary>Every container's mounts, read at once (for listings).</summary>
    public ILookup<string, ContainerMount> AllMounts() => store.AllMounts();

    /// <summary>
    /// Readies a starting container's volumes: mounts each volume's device if it has one and it is not mounted yet,
    /// fills each empty volume with what the container's rootfs (mounted at <paramref name="rootfs"/>) holds at its
    /// destination unless nocopy (Docker's copy-up, owner and mode of the directory included), and returns the
    /// binds to add to the spec.
    /// </summary>
    public async Task<IReadOnlyList<Runtime.Spec.MountOption>> PrepareAsync(string containerId, string rootfs, CancellationToken cancellationToken)
    {
        var binds = new List<Runtime.Spec.MountOption>();
        foreach (var mount in store.MountsOf(containerId))
        {
            var source = mount.Source;
            if (mount.IsVolume)
            {
                var volume = Get(mount.Source);
                source = layout.DataPath(volume.Name);
                await MountDeviceAsync(volume, cancellationToken);
                if (!mount.NoCopy) await CopyUpAsync(volume, rootfs, mount.Destination, cancellationToken);
                events.Publish("volume", "mount", volume.Name, new Dictionary<string, string>
                {
                    ["container"] = containerId, ["destination"] = mount.Destination, ["driver"] = volume.Driver,
                    ["propagation"] = "", ["read/write"] = mount.ReadOnly ? "false" : "true",
                });
            }
            binds.Add(new Runtime.Spec.MountOption { Type = "bind", Source = source, Target = mount.Destination, ReadOnly = mount.ReadOnly });
        }
        return binds;
    }

    /// <summary>
    /// A container's run ended: each of its volumes with a device is unmounted unless another running container
    /// (by <paramref name="isActive"/>) still uses it.
    /// </summary>
    public async Task ReleaseAsync(string containerId, Func<string, bool> isActive)
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            foreach (var mount in store.MountsOf(containerId).Where(m => m.IsVolume))
            {
                if (store.Get(mount.Source) is not { } volume) continue;
                if (volume.NeedsMount && !store.UsersOf(volume.Name).Any(user => user != containerId && isActive(user)))
                {
                    await mounter.UnmountAsync(layout.DataPath(volume.Name), CancellationToken.None);
                }
                events.Publish("volume", "unmount", volume.Name, new Dictionary<string, string> { ["container"] = containerId, ["driver"] = volume.Driver });
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// A container is being removed: it no longer uses its volumes; with <paramref name="removeAnonymous"/>
    /// (<c>rm -v</c>, <c>--rm</c>) the volumes its spec did not name are removed too, unless another container uses them.
    /// </summary>
    public async Task ForgetContainerAsync(string containerId, bool removeAnonymous)
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            var mounts = store.MountsOf(containerId);
            store.RemoveMounts(containerId);
            if (!removeAnonymous) return;
            foreach (var mount in mounts.Where(m => m.IsVolume && m.Anonymous))
            {
                if (store.Get(mount.Source) is { } volume && store.UsersOf(volume.Name).Count == 0) await DeleteLockedAsync(volume);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private (VolumeRecord Volume, bool IsNew) CreateLocked(string? name, string? driver, IReadOnlyDictionary<string, string>? options, IReadOnlyDictionary<string, string>? labels)
    {
        var anonymous = string.IsNullOrEmpty(name);
        name = anonymous ? VolumeNames.NewAnonymous() : name!;
        var driverName = string.IsNullOrEmpty(driver) ? VolumeRecord.LocalDriver : driver;
        if (driverName != VolumeRecord.LocalDriver)
            throw BerthException.NotFound($"create {name}: error looking up volume plugin {driverName}: plugin \"{driverName}\" not found");
        if (!anonymous) VolumeNames.Validate(name);
        if (store.Get(name) is { } existing) return (existing, false);
        LocalDriverOptions.Validate(name, options);
        if (anonymous) labels = new Dictionary<string, string>(labels ?? new Dictionary<string, string>()) { [VolumeRecord.AnonymousLabel] = "" };
        var now = clock.GetUtcNow();
        var volume = new VolumeRecord(name, VolumeRecord.LocalDriver,
            options is null ? null : new Dictionary<string, string>(options),
            labels is null ? null : new Dictionary<string, string>(labels),
            new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero));
        // Docker's modes: others may traverse to a container's mount source, but not list the volumes.
        Directory.CreateDirectory(layout.Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute);
        Directory.CreateDirectory(layout.VolumeDir(name), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute);
        Directory.CreateDirectory(layout.DataPath(name));
        if (!store.TryAdd(volume)) return (Get(name), false);
        events.Publish("volume", "create", name, new Dictionary<string, string> { ["driver"] = volume.Driver });
        LogCreated(name);
        return (volume, true);
    }

    private async Task DeleteLockedAsync(VolumeRecord volume)
    {
        // A device left mounted (a daemon stopped mid-run) must not have its content deleted through the mount.
        await mounter.UnmountAsync(layout.DataPath(volume.Name), CancellationToken.None);
        var dir = layout.VolumeDir(volume.Name);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        store.RemoveUnlessUsed(volume.Name);
        events.Publish("volume", "destroy", volume.Name, new Dictionary<string, string> { ["driver"] = volume.Driver });
        LogRemoved(volume.Name);
    }

    private async Task MountDeviceAsync(VolumeRecord volume, CancellationToken cancellationToken)
    {
        if (!volume.NeedsMount) return;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var data = layout.DataPath(volume.Name);
            if (await MountTable.IsMountPointAsync(data, cancellationToken)) return;
            try
            {
                await mounter.MountAsync([LocalDriverOptions.ToMount(volume.Options!)], data, cancellationToken);
            }
            catch (IOException e)
            {
                throw BerthException.Invalid($"error while mounting volume '{data}': {e.Message}", e);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task CopyUpAsync(VolumeRecord volume, string rootfs, string destination, CancellationToken cancellationToken)
    {
        using (await _copies.EnterAsync(volume.Name, cancellationToken))
        {
            var data = layout.DataPath(volume.Name);
            var source = Runtime.Spec.ScopedPath.Resolve(rootfs, destination);
            if (!Directory.Exists(source) || Directory.EnumerateFileSystemEntries(data).Any()) return;
            await Task.Run(() => DirectoryTree.CopyInto(source, data, cancellationToken), cancellationToken);
            LogCopiedUp(volume.Name, destination);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "volume {Name} created")]
    private partial void LogCreated(string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "volume {Name} removed")]
    private partial void LogRemoved(string name);

    [LoggerMessage(Level = LogLevel.Debug, Message = "volume {Name} filled from the image's {Destination}")]
    private partial void LogCopiedUp(string name, string destination);
}
