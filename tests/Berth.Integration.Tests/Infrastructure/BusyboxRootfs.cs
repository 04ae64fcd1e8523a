namespace Berth.Integration.Tests.Infrastructure;

/// <summary>A busybox rootfs tarball made by the project's own script from Debian's busybox-static.</summary>
public sealed class BusyboxRootfs : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();

    public string TarPath => _dir.Combine("busybox.tar");

    public async Task InitializeAsync() =>
        (await ProcessRunner.RunAsync("bash", [RepoPaths.Script("make-busybox-rootfs.sh"), TarPath])).AssertSuccess();

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }
}
