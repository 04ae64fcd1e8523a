namespace Berth.Images.Tests.Layers;

/// <summary>
/// A temp folder with the layer root inside it and, beside the root, a host sentinel file and a host
/// directory that an escaping entry would reach. Removed on dispose, whatever the test did.
/// </summary>
public sealed class LayerTestRoot : IDisposable
{
    public const string SentinelContent = "host file, must not change";

    public LayerTestRoot()
    {
        Parent = Path.Join(Path.GetTempPath(), $"berth-layers-{Guid.NewGuid():N}");
        Root = Path.Join(Parent, "root");
        HostDirectory = Path.Join(Parent, "host");
        Sentinel = Path.Join(Parent, "sentinel");
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(HostDirectory);
        File.WriteAllText(Sentinel, SentinelContent);
    }

    public string Parent { get; }
    public string Root { get; }
    public string HostDirectory { get; }
    public string Sentinel { get; }

    public string InRoot(string relative) => Path.Join(Root, relative);

    public Task ApplyAsync(byte[] layer) => Berth.Images.Layers.LayerApplier.ApplyAsync(new MemoryStream(layer), Root, CancellationToken.None);

    public void AssertHostUntouched()
    {
        Assert.Equal(SentinelContent, File.ReadAllText(Sentinel));
        Assert.Empty(Directory.EnumerateFileSystemEntries(HostDirectory));
        Assert.Equal(["host", "root", "sentinel"], Directory.EnumerateFileSystemEntries(Parent).Select(Path.GetFileName).Order());
    }

    public void Dispose()
    {
        // Directory.Delete unlinks symlinks rather than following them, so links to the host are safe here.
        if (Directory.Exists(Parent))
        {
            Directory.Delete(Parent, recursive: true);
        }
    }
}
