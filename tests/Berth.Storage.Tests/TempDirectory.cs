namespace Berth.Storage.Tests;

/// <summary>
/// A fresh directory under /tmp, removed on dispose. Its name is long on purpose: a snapshotter rooted in
/// it spells that name once per layer in overlay's lowerdir list, which is how a long chain overflows a page.
/// </summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Join(System.IO.Path.GetTempPath(), $"berth-storage-{Guid.NewGuid():N}-a-long-name-for-lowerdirs");

    public string Join(string relative) => System.IO.Path.Join(Path, relative);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
