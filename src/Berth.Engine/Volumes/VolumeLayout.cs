namespace Berth.Engine.Volumes;

/// <summary>Where volumes live, as Docker's local driver lays them out: DATA_ROOT/volumes/NAME/_data.</summary>
public sealed class VolumeLayout(string dataRoot)
{
    public string Root { get; } = Path.Join(dataRoot, "volumes");
    public string DatabasePath => Path.Join(Root, "metadata.db");
    public string VolumeDir(string name) => Path.Join(Root, name);
    /// <summary>What containers mount, and the Mountpoint inspect shows.</summary>
    public string DataPath(string name) => Path.Join(Root, name, "_data");
}
