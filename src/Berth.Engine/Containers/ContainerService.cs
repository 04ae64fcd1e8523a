using System.Collections.Concurrent;
using System.Runtime.Versioning;
using Berth.Engine.Events;
using Berth.Engine.Images;
using Berth.Engine.Networks;
using Berth.Engine.Snapshots;
using Berth.Engine.Volumes;
using Berth.Oci;
using Berth.Storage.Mounting;
using Berth.Storage.Snapshots;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Containers;

/// <summary>
/// The daemon's containers: create, start, stop, kill, pause, wait, rename and remove, over the container
/// store (what exists), the snapshotter (each container's writable layer, named by its id, on its image's
/// top layer) and conmon (the running process). The parts are split by concern across the partial files.
/// </summary>
/// <remarks>
/// <para>Concurrency. Every change to one container runs under that container's lock, so a start and a
/// remove of the same container never interleave. Waiting for an exit never holds the lock: the exit is
/// handled by the container's monitor task, which takes the lock itself (<see cref="HandleExitAsync"/>).</para>
/// <para>States: created → running (start) ⇄ paused; running → exited (the process ended, by itself, stop or
/// kill) → running again (start, or the restart policy through restarting); any → removing → gone.</para>
/// </remarks>
[SupportedOSPlatform("linux")]
public sealed partial class ContainerService(
    ContainerStore store,
    ContainerLayout layout,
    ImageService images,
    LayerUnpacker unpacker,
    ISnapshotter snapshotter,
    IMounter mounter,
    ContainerRuntimes runtimes,
    IContainerSettingsReader settingsReader,
    VolumeService volumes,
    IContainerNetworks networks,
    EventBus events,
    TimeProvider clock,
    ILogger<ContainerService> logger) : IDisposable
{
    private readonly KeyedLock<string> _locks = new();
    private readonly ContainerWaiters _waiters = new();
    private readonly PendingAttaches _attaches = new();
    /// <summary>Containers stopped or killed by a user since their last start: the restart policy leaves them be.</summary>
    private readonly ConcurrentDictionary<string, bool> _stoppedByUser = new();
    /// <summary>Containers being restarted by hand: their stop's exit is not the end of a <c>--rm</c> container.</summary>
    private readonly ConcurrentDictionary<string, bool> _manualRestarts = new();
    /// <summary>Cancelled when the daemon shuts down: monitors stop watching (conmon keeps watching for them).</summary>
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ExitWatcher _exits = new(layout.ExitDir);
    private readonly ConcurrentDictionary<string, (string Json, ContainerSettings Settings)> _settings = new(StringComparer.Ordinal);

    public ContainerStore Store => store;
    public ContainerLayout Layout => layout;
    public ContainerRuntimes Runtimes => runtimes;

    /// <summary>The container's settings, as its stored create request says.</summary>
    /// <remarks>
    /// Read once per container and kept: every event, start and stop needs them, and the request never changes
    /// after create. An entry is used only for the exact text it was read from.
    /// </remarks>
    public ContainerSettings SettingsOf(ContainerRecord container)
    {
        if (_settings.TryGetValue(container.Id, out var known) && known.Json == container.CreateRequestJson) return known.Settings;
        var settings = settingsReader.Read(container.CreateRequestJson);
        _settings[container.Id] = (container.CreateRequestJson, settings);
        return settings;
    }

    /// <exception cref="BerthException">NotFound, or InvalidArgument for an ambiguous prefix.</exception>
    public ContainerRecord Resolve(string idOrName) => new ContainerLookup(store).Resolve(idOrName);

    public async Task<ContainerRecord> CreateAsync(NewContainer request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Refused here rather than at start: Docker checks the configuration and the runtime's name at create.
        var settings = settingsReader.Read(request.CreateRequestJson);
        runtimes.Get(settings.Runtime);
        networks.Validate(settings.Network);
        var id = ContainerIds.New();
        var generated = request.Name is not { Length: > 0 };
        string GenerateName(Func<string, bool> isTaken) => ContainerNames.Generate(isTaken, Random.Shared, ContainerIds.Short(id));
        var name = generated ? GenerateName(store.IsNameTaken) : ContainerNames.Validate(request.Name!);
        // Checked before the image is unpacked; the store checks again in the transaction that adds the record.
        store.ThrowIfNameTaken(name);
        var image = await images.ResolveAsync(request.ImageId.ToString(), cancellationToken);
        var unpacked = await unpacker.UnpackAsync(image.Manifest, image.Config, cancellationToken);
        try
        {
            Directory.CreateDirectory(layout.BundlesRoot);
            await InitLayer.CreateAsync(snapshotter, mounter, layout.BundlesRoot, id, unpacked.TopChainId?.ToString(), cancellationToken);
            await snapshotter.PrepareAsync(id, InitLayer.NameOf(id), cancellationToken);
            Directory.CreateDirectory(layout.DataDir(id));
            await AttachVolumesAsync(id, settings, cancellationToken);
            var record = new ContainerRecord(id, name, request.ImageId, request.ImageName, clock.GetUtcNow(), request.CreateRequestJson, new ContainerState());
            // Ten parallel runs did draw the same name: a generated one is drawn again rather than failing the create.
            if (generated) record = store.AddWithGeneratedName(record, GenerateName);
            else store.Add(record);
            networks.Register(id, settings.Network);
            Publish(record, "create");
            LogCreated(id, name, request.ImageName);
            return record;
        }
        catch
        {
            await DeleteFilesAsync(id);
            await volumes.ForgetContainerAsync(id, removeAnonymous: true);
            throw;
        }
    }

    public async Task RenameAsync(string idOrName, string newName, CancellationToken cancellationToken)
    {
        var container = Resolve(idOrName);
        var name = ContainerNames.Validate(newName);
        store.Rename(container.Id, name);
        await networks.RenamedAsync(container.Id, cancellationToken);
        Publish(container with { Name = name }, "rename", ("oldName", "/" + container.Name));
    }

    /// <summary>
    /// Waits as <c>POST /containers/{id}/wait</c> does and returns the exit code. <paramref name="condition"/>:
    /// <c>not-running</c> (the default: now if it is not running), <c>next-exit</c> or <c>removed</c>.
    /// The wait is registered before this returns: call it before starting the container.
    /// </summary>
    public Task<int> WaitAsync(string idOrName, string? condition, CancellationToken cancellationToken)
    {
        var container = Resolve(idOrName);
        switch (condition)
        {
            case null or "" or "not-running":
                var next = _waiters.NextExit(container.Id);
                var state = store.Get(container.Id)?.State ?? container.State;
                return IsActive(state.Status) ? next.WaitAsync(cancellationToken) : Task.FromResult(state.ExitCode);
            case "next-exit":
                return _waiters.NextExit(container.Id).WaitAsync(cancellationToken);
            case "removed":
                return _waiters.Removal(container.Id).WaitAsync(cancellationToken);
            default:
                throw BerthException.Invalid($"invalid condition: \"{condition}\"");
        }
    }

    /// <summary>Completes when the running container exits (at once when it is not running): the end of a followed log.</summary>
    public Task ExitOf(string id)
    {
        var next = _waiters.NextExit(id);
        return store.Get(id) is { } current && IsActive(current.State.Status) ? next : Task.CompletedTask;
    }

    /// <summary>
    /// Docker's rm. A running container needs <paramref name="force"/>, which kills it first;
    /// <paramref name="removeVolumes"/> (<c>rm -v</c>) removes its anonymous volumes too.
    /// </summary>
    public async Task RemoveAsync(string idOrName, bool force, bool removeVolumes, CancellationToken cancellationToken)
    {
        var container = Resolve(idOrName);
        if (IsActive(container.State.Status))
        {
            if (!force)
            {
                throw BerthException.Conflict(
                    $"cannot remove container \"/{container.Name}\": container is running: stop the container before removing or force remove");
            }
            _stoppedByUser[container.Id] = true;
            await KillAndWaitAsync(container.Id, cancellationToken);
        }
        using (await _locks.EnterAsync(container.Id, cancellationToken))
        {
            if (store.Get(container.Id) is not { } current) return;
            if (IsActive(current.State.Status)) throw BerthException.Conflict($"container {container.Id} was started again while it was being removed");
            await RemoveLockedAsync(current, removeVolumes);
        }
    }

    public void Dispose()
    {
        _shutdown.Cancel();
        _shutdown.Dispose();
        _logsToWatch.Dispose();
        _exits.Dispose();
    }

    /// <summary>Running, paused or between restarts: a process exists or is about to.</summary>
    public static bool IsActive(ContainerStatus status) =>
        status is ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Restarting;

    /// <summary>Removes everything of a container that is not running. Called with its lock held.</summary>
    private async Task RemoveLockedAsync(ContainerRecord container, bool removeVolumes)
    {
        store.UpdateState(container.Id, s => s with { Status = ContainerStatus.Removing });
        await DeleteFilesAsync(container.Id);
        await volumes.ForgetContainerAsync(container.Id, removeVolumes);
        await networks.ForgetAsync(container.Id);
        store.Remove(container.Id);
        _stoppedByUser.TryRemove(container.Id, out _);
        _settings.TryRemove(container.Id, out _);
        _attaches.Cancel(container.Id);
        _waiters.Removed(container.Id, container.State.ExitCode);
        Publish(container, "destroy");
        LogRemoved(container.Id);
    }

    /// <summary>
    /// A container event with Docker's attributes: the image as named at create, the name, the labels, and
    /// any extra ones (exitCode, signal…).
    /// </summary>
    private void Publish(ContainerRecord container, string action, params (string Key, string Value)[] extra)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var (key, value) in SettingsOf(container).Labels) attributes[key] = value;
        }
        catch (BerthException)
        {
            // A record whose request no longer reads still gets its event, without labels.
        }
        attributes["image"] = container.ImageName;
        attributes["name"] = container.Name;
        foreach (var (key, value) in extra) attributes[key] = value;
        events.Publish("container", action, container.Id, attributes);
    }

    /// <summary>The writable layer, the bundle, the data directory and the exit file; each may already be gone.</summary>
    private async Task DeleteFilesAsync(string id)
    {
        await mounter.UnmountAsync(layout.RootfsPath(id), CancellationToken.None);
        // The writable layer first: the init layer is its parent.
        foreach (var key in new[] { id, InitLayer.NameOf(id) })
        {
            try
            {
                await snapshotter.RemoveAsync(key, CancellationToken.None);
            }
            catch (BerthException e) when (e.Kind == ErrorKind.NotFound)
            {
                // Never prepared, or removed by an earlier attempt.
            }
        }
        foreach (var dir in new[] { layout.BundleDir(id), layout.DataDir(id) })
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        File.Delete(Path.Join(layout.ExitDir, id));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "container {Id} created as {Name} from {Image}")]
    private partial void LogCreated(string id, string name, string image);

    [LoggerMessage(Level = LogLevel.Information, Message = "container {Id} removed")]
    private partial void LogRemoved(string id);
}
