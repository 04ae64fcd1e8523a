using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Berth.Oci;
using Berth.Storage.Diff;
using Berth.Storage.Trees;

namespace Berth.Storage.Snapshots;

/// <summary>
/// What the overlay and native snapshotters share: metadata, directory layout, the rules of
/// <see cref="ISnapshotter"/> and crash recovery. A subclass decides only how a new snapshot's directory is
/// filled, what its mounts are and how its changes are found.
/// </summary>
/// <remarks>
/// Every change makes its directory first and its row second (or drops its row first and its directory
/// second), the directory rename running inside the row's transaction; opening deletes any directory
/// without a row, so a crash never leaves a row without its files.
/// </remarks>
internal abstract class SnapshotStore : ILayerSnapshotter
{
    private protected SnapshotStore(string root)
    {
        Layout = new SnapshotLayout(root);
        Directory.CreateDirectory(Layout.Snapshots, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Metadata = new SnapshotMetadata(Layout.Database);
        DeleteOrphans();
    }

    /// <summary>
    /// The sizes of committed snapshots, which never change: every container create walks its image's layers
    /// through <see cref="UsageAsync"/>, and a walk of every file of every layer each time is most of a create.
    /// </summary>
    private readonly ConcurrentDictionary<long, SnapshotUsage> _committedUsage = new();

    private protected SnapshotLayout Layout { get; }
    private protected SnapshotMetadata Metadata { get; }

    public Task<IReadOnlyList<Mount>> PrepareAsync(string key, string? parent, CancellationToken cancellationToken = default) =>
        CreateAsync(key, parent, SnapshotKind.Active, cancellationToken);

    public Task<IReadOnlyList<Mount>> ViewAsync(string key, string? parent, CancellationToken cancellationToken = default) =>
        CreateAsync(key, parent, SnapshotKind.View, cancellationToken);

    public Task<IReadOnlyList<Mount>> MountsAsync(string key, CancellationToken cancellationToken = default)
    {
        var record = Get(key);
        if (record.Kind == SnapshotKind.Committed)
        {
            throw BerthException.Invalid($"snapshot {key} is committed and has no mounts; prepare or view a snapshot on top of it");
        }
        return Task.FromResult(MountsOf(record, ParentFs(record)));
    }

    public Task CommitAsync(string name, string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        cancellationToken.ThrowIfCancellationRequested();
        Metadata.Commit(name, key);
        return Task.CompletedTask;
    }

    public virtual bool CanCommitOntoParent => false;

    public Task CommitAsync(string name, string key, string? parent, CancellationToken cancellationToken = default)
    {
        if (parent is null)
        {
            return CommitAsync(name, key, cancellationToken);
        }
        ArgumentException.ThrowIfNullOrEmpty(name);
        cancellationToken.ThrowIfCancellationRequested();
        if (!CanCommitOntoParent)
        {
            throw BerthException.Invalid($"this snapshotter cannot commit {key} onto a parent: its snapshots are full copies of their parents");
        }
        Metadata.Commit(name, key, parent);
        return Task.CompletedTask;
    }

    public async Task RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var retired = Layout.NewRetired();
        Metadata.Remove(key, id =>
        {
            Directory.Move(Layout.Directory(id), retired);
            _committedUsage.TryRemove(id, out _);
        });
        await Task.Run(() => Directory.Delete(retired, recursive: true), CancellationToken.None).ConfigureAwait(false);
    }

    public Task<SnapshotInfo> StatAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(Get(key).ToInfo());

    public async IAsyncEnumerable<SnapshotInfo> WalkAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        foreach (var record in Metadata.All())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return record.ToInfo();
        }
    }

    public Task<SnapshotUsage> UsageAsync(string key, CancellationToken cancellationToken = default)
    {
        var record = Get(key);
        if (record.Kind != SnapshotKind.Committed) return Task.Run(() => DiskUsage.Measure(Layout.Fs(record.Id), cancellationToken), cancellationToken);
        if (_committedUsage.TryGetValue(record.Id, out var known)) return Task.FromResult(known);
        return Task.Run(() => _committedUsage.GetOrAdd(record.Id, DiskUsage.Measure(Layout.Fs(record.Id), cancellationToken)), cancellationToken);
    }

    public Task<LayerDiff> WriteDiffAsync(string key, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var record = Get(key);
        if (record.Kind != SnapshotKind.Active)
        {
            throw BerthException.Invalid($"snapshot {key} is not active; only an active snapshot has changes to write");
        }
        return WriteChangesAsync(Layout.Fs(record.Id), ParentFs(record), output, cancellationToken);
    }

    public void Dispose() => Metadata.Dispose();

    /// <summary>
    /// Fills the new snapshot's directory <paramref name="staging"/> (which has an empty <c>fs</c>) before it
    /// gets its row. <paramref name="parentFs"/> are the parent chain's fs directories, nearest first.
    /// </summary>
    private protected abstract Task PopulateAsync(string staging, SnapshotKind kind, IReadOnlyList<string> parentFs, CancellationToken cancellationToken);

    /// <summary>The mounts of an active snapshot or view whose own files are in <paramref name="fs"/>.</summary>
    private protected abstract IReadOnlyList<Mount> MountsOf(SnapshotKind kind, string fs, string work, IReadOnlyList<string> parentFs);

    /// <summary>Writes the changes in the active snapshot <paramref name="fs"/> over its parents as a layer tar.</summary>
    private protected abstract Task<LayerDiff> WriteChangesAsync(string fs, IReadOnlyList<string> parentFs, Stream output, CancellationToken cancellationToken);

    private async Task<IReadOnlyList<Mount>> CreateAsync(string key, string? parent, SnapshotKind kind, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (Metadata.Get(key) is not null)
        {
            throw BerthException.Conflict($"snapshot {key} already exists");
        }
        IReadOnlyList<string> parentFs = [];
        if (parent is not null)
        {
            // Checked again, atomically, when the row goes in; this early look spares a copy that would be thrown away.
            var parentRecord = Metadata.Get(parent) ?? throw BerthException.NotFound($"parent snapshot {parent} does not exist");
            parentFs = [Layout.Fs(parentRecord.Id), .. ParentFs(parentRecord)];
        }

        var staging = Layout.NewStaging();
        try
        {
            Directory.CreateDirectory(Path.Join(staging, "fs"));
            await PopulateAsync(staging, kind, parentFs, cancellationToken).ConfigureAwait(false);
            var record = Metadata.Add(key, parent, kind, id => MoveIntoPlace(staging, Layout.Directory(id)));
            return MountsOf(record, parentFs);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    // A directory already at a new row's id is an orphan (a crash or a failed transaction left it): replace it.
    private static void MoveIntoPlace(string staging, string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
        Directory.Move(staging, directory);
    }

    private IReadOnlyList<Mount> MountsOf(SnapshotRecord record, IReadOnlyList<string> parentFs) =>
        MountsOf(record.Kind, Layout.Fs(record.Id), Layout.Work(record.Id), parentFs);

    private IReadOnlyList<string> ParentFs(SnapshotRecord record) =>
        Metadata.Parents(record).Select(parent => Layout.Fs(parent.Id)).ToList();

    private SnapshotRecord Get(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return Metadata.Get(key) ?? throw BerthException.NotFound($"snapshot {key} does not exist");
    }

    // Directories without a row: snapshots whose creation or removal a crash interrupted. One that cannot go
    // now (something is still mounted in it) is left for the next open rather than keep this one from working.
    private void DeleteOrphans()
    {
        var known = Metadata.All().Select(record => Layout.Directory(record.Id)).ToHashSet(StringComparer.Ordinal);
        foreach (var directory in Directory.EnumerateDirectories(Layout.Snapshots).Where(directory => !known.Contains(directory)).ToList())
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
