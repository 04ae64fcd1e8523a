using Berth.Engine.Containers;
using Berth.Oci;

namespace Berth.Engine.Tests.Containers;

/// <summary>A container store on a fresh temp directory, and records to put in it.</summary>
public abstract class ContainerStoreFixture : IDisposable
{
    protected static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    protected string Root { get; } = Directory.CreateTempSubdirectory("berth-containers-").FullName;
    protected string DatabasePath => Path.Combine(Root, "containers.db");

    public virtual void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Root, recursive: true);
        GC.SuppressFinalize(this);
    }

    protected static ContainerRecord Record(string name, string? id = null, DateTimeOffset? created = null) => new(
        id ?? ContainerIds.New(),
        name,
        Digest.Compute("image"u8),
        "busybox",
        created ?? Now,
        """{"Image":"busybox","Cmd":["sh"]}""",
        new ContainerState());
}
