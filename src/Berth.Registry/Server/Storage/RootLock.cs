namespace Berth.Registry.Server.Storage;

/// <summary>
/// An exclusive lock on the registry root (flock on <c>ROOT/registry.lock</c>, which .NET takes for
/// FileShare.None), held by a serving registry and by gc, so gc never sweeps under a live server. The kernel
/// drops it when the process dies, so a crash never blocks a restart.
/// </summary>
internal sealed class RootLock : IDisposable
{
    private readonly FileStream _file;

    private RootLock(FileStream file) => _file = file;

    public static RootLock Acquire(RegistryLayout layout)
    {
        Directory.CreateDirectory(layout.Root);
        try
        {
            return new RootLock(new FileStream(layout.LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            throw new InvalidOperationException($"registry root {layout.Root} is in use by another berth-registry process");
        }
    }

    public void Dispose() => _file.Dispose();
}
