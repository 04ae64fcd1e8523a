using Berth.Build.Worker;
using Berth.Engine.Snapshots;
using Berth.Images.Content;
using Berth.Oci;
using Berth.Runtime.OciRuntimes;
using Berth.Storage.Mounting;
using Berth.Storage.Snapshots;

namespace Berth.Engine.Build;

/// <summary>
/// One step's root filesystem: an active snapshot <c>build-…</c> on the state's top layer, mounted in the step's
/// scratch directory. A commit writes its changes as a layer blob and keeps the snapshot as that layer (named by
/// its chain ID); a dispose without a commit throws it away.
/// </summary>
internal sealed class BuildRootfs(
    string key, string directory, Digest? parentChainId, ContentStore content, ILayerSnapshotter snapshotter, IMounter mounter, IOciRuntime runtime,
    KeyedLock<Digest> locks) : IBuildRootfs
{
    private bool _mounted;
    private bool _snapshotOwned;

    public string Path { get; } = System.IO.Path.Join(directory, "rootfs");

    public async Task MountAsync(CancellationToken cancellationToken)
    {
        var mounts = await snapshotter.PrepareAsync(key, parentChainId?.ToString(), cancellationToken);
        _snapshotOwned = true;
        await mounter.MountAsync(mounts, Path, cancellationToken);
        _mounted = true;
    }

    public async Task<int> RunAsync(BuildProcess process, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> output, CancellationToken cancellationToken)
    {
        var stubs = MountStubs.Missing(Path, process.Mounts.Select(m => m.Target));
        try
        {
            return await new BuildContainer(runtime, directory, Path, key).RunAsync(process, output, cancellationToken);
        }
        finally
        {
            // The runtime made these to mount on; they are no part of what the step made.
            MountStubs.Remove(stubs);
        }
    }

    public async Task<Descriptor> CommitAsync(CancellationToken cancellationToken)
    {
        await UnmountAsync();
        Descriptor layer;
        await using (var writer = content.OpenWriter())
        {
            await snapshotter.WriteDiffAsync(key, writer, cancellationToken);
            layer = await writer.CommitAsync(MediaTypes.OciLayer, null, null, cancellationToken);
        }
        var chainId = ChainId.Next(parentChainId, layer.ParsedDigest);
        using (await locks.EnterAsync(chainId, cancellationToken))
        {
            try
            {
                await snapshotter.StatAsync(chainId.ToString(), cancellationToken);
                // The same layer on the same parent is unpacked already (another build, a pull): that one serves.
            }
            catch (BerthException e) when (e.Kind == ErrorKind.NotFound)
            {
                await snapshotter.CommitAsync(chainId.ToString(), key, cancellationToken);
                _snapshotOwned = false;
            }
        }
        return layer;
    }

    public async ValueTask DisposeAsync()
    {
        await UnmountAsync();
        if (_snapshotOwned)
        {
            await snapshotter.RemoveAsync(key, CancellationToken.None);
            _snapshotOwned = false;
        }
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    private async Task UnmountAsync()
    {
        if (!_mounted) return;
        await mounter.UnmountAsync(Path, CancellationToken.None);
        _mounted = false;
    }
}
