namespace Berth.Storage.Snapshots;

/// <summary>
/// Where a snapshotter keeps things under its root:
/// <code>
/// ROOT/metadata.db            the rows (SnapshotMetadata)
/// ROOT/snapshots/&lt;id&gt;/fs       the snapshot's own files (an overlay upper, or a native full copy)
/// ROOT/snapshots/&lt;id&gt;/work     overlay's scratch directory, for active overlay snapshots
/// ROOT/snapshots/new-&lt;guid&gt;    a snapshot being made, before its row exists
/// ROOT/snapshots/old-&lt;guid&gt;    a snapshot being deleted, after its row is gone
/// </code>
/// Ids are short on purpose: an overlay's lowerdir list spells one path per layer.
/// </summary>
internal sealed class SnapshotLayout
{
    public SnapshotLayout(string root)
    {
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (Root.Contains(':') || Root.Contains(','))
        {
            // Overlay options separate lowerdirs with ':' and options with ','.
            throw Berth.Oci.BerthException.Invalid($"snapshotter root {Root} may not contain ':' or ','");
        }
        Snapshots = Path.Join(Root, "snapshots");
        Database = Path.Join(Root, "metadata.db");
    }

    public string Root { get; }
    public string Snapshots { get; }
    public string Database { get; }

    public string Directory(long id) => Path.Join(Snapshots, id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    public string Fs(long id) => Path.Join(Directory(id), "fs");
    public string Work(long id) => Path.Join(Directory(id), "work");
    public string NewStaging() => Path.Join(Snapshots, $"new-{Guid.NewGuid():N}");
    public string NewRetired() => Path.Join(Snapshots, $"old-{Guid.NewGuid():N}");
}
