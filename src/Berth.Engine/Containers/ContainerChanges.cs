using System.Formats.Tar;
using Berth.Storage.Mounting;
using Berth.Storage.Snapshots;

namespace Berth.Engine.Containers;

/// <summary>What <c>docker diff</c> shows for one path.</summary>
public enum ChangeKind
{
    Modified = 0,
    Added = 1,
    Deleted = 2,
}

public sealed record PathChange(string Path, ChangeKind Kind);

/// <summary>
/// <c>docker diff</c>: the container's layer diff (the same one commit would store) read back as paths. A
/// whiteout is a deletion; any other entry is an addition unless the image already has that path, in which
/// case it is a modification — which a read-only view of the image's top layer, mounted for the call, tells.
/// </summary>
public sealed class ContainerChanges(ILayerSnapshotter snapshotter, IMounter mounter, ContainerLayout layout)
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueMarker = ".wh..wh..opq";

    public async Task<IReadOnlyList<PathChange>> ListAsync(string containerId, CancellationToken cancellationToken)
    {
        var parent = (await snapshotter.StatAsync(containerId, cancellationToken)).Parent;
        var viewKey = "diff-view-" + Guid.NewGuid().ToString("N");
        var viewPath = Path.Join(layout.BundlesRoot, viewKey);
        Directory.CreateDirectory(viewPath);
        try
        {
            if (parent is not null) await mounter.MountAsync(await snapshotter.ViewAsync(viewKey, parent, cancellationToken), viewPath, cancellationToken);
            var changes = new List<PathChange>();
            await using var diff = new MemoryStream();
            await snapshotter.WriteDiffAsync(containerId, diff, cancellationToken);
            diff.Position = 0;
            await using var reader = new TarReader(diff);
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                var name = entry.Name.TrimEnd('/');
                var directory = Path.GetDirectoryName(name) ?? "";
                var file = Path.GetFileName(name);
                if (file == OpaqueMarker) continue;
                if (file.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
                {
                    changes.Add(new PathChange("/" + Path.Join(directory, file[WhiteoutPrefix.Length..]), ChangeKind.Deleted));
                    continue;
                }
                var inImage = parent is not null && Path.Exists(Path.Join(viewPath, name));
                changes.Add(new PathChange("/" + name, inImage ? ChangeKind.Modified : ChangeKind.Added));
            }
            return changes;
        }
        finally
        {
            await mounter.UnmountAsync(viewPath, CancellationToken.None);
            Directory.Delete(viewPath);
            if (parent is not null) await snapshotter.RemoveAsync(viewKey, CancellationToken.None);
        }
    }
}
