using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Containers;

/// <summary>
/// An image's layers are unpacked into the snapshotter when a container first needs them; deleting the image
/// must give that space back (rmi and image prune), but never while a container still stands on the layers.
/// </summary>
public sealed class UnpackedLayerCleanupTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private ContainerHost _host = null!;

    public async Task InitializeAsync() => _host = await ContainerHost.StartAsync(busybox);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Rmi_RemovesUnpackedLayers_OnceNoContainerUsesThem()
    {
        var id = await _host.CreateAsync(ContainerHost.Image, "true");
        Assert.NotEmpty(SnapshotDirectories());

        // The container keeps the image, and so its layers, until it goes.
        (await _host.DockerAsync("rm", id)).AssertSuccess();
        Assert.NotEmpty(SnapshotDirectories());

        (await _host.DockerAsync("rmi", ContainerHost.Image)).AssertSuccess();
        Assert.Empty(SnapshotDirectories());
    }

    [Fact]
    public async Task ImagePrune_RemovesUnpackedLayers_ButKeepsThoseAnotherImageNeeds()
    {
        (await _host.DockerAsync("tag", ContainerHost.Image, "other:1")).AssertSuccess();
        (await _host.DockerAsync("rm", await _host.CreateAsync(ContainerHost.Image, "true"))).AssertSuccess();
        var unpacked = SnapshotDirectories();
        Assert.NotEmpty(unpacked);

        // A name goes, the image stays: nothing to collect.
        (await _host.DockerAsync("rmi", ContainerHost.Image)).AssertSuccess();
        Assert.Equal(unpacked, SnapshotDirectories());

        (await _host.DockerAsync("image", "prune", "-a", "-f")).AssertSuccess();
        Assert.Empty(SnapshotDirectories());
    }

    /// <summary>The snapshot directories of whichever snapshotter the daemon chose (overlay here, native where overlay is missing).</summary>
    private List<string> SnapshotDirectories() =>
        Directory.EnumerateDirectories(Path.Join(_host.Daemon.DataRoot, "snapshots"))
            .Select(root => Path.Join(root, "snapshots"))
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateDirectories)
            .Order(StringComparer.Ordinal)
            .ToList();
}
