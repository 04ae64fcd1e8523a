using Berth.Oci;
using Berth.Runtime.OciRuntimes;
using Berth.Runtime.Tests.Conmon;

namespace Berth.Runtime.Tests.OciRuntimes;

/// <summary>The CLI driver against real runtimes: errors keep the runtime's words and the right kind.</summary>
public sealed class OciRuntimeCliTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("berth-oci-").FullName;
    private readonly ConmonScratch _scratch = new();

    /// <summary>runc says "container does not exist", crun that it cannot open ROOT/ID/status: both are NotFound.</summary>
    [Theory]
    [InlineData("runc", "/usr/sbin/runc")]
    [InlineData("crun", "/usr/bin/crun")]
    public async Task UnknownContainer_IsNotFound(string name, string binary)
    {
        var runtime = new OciRuntimeCli(new OciRuntimeOptions(name, binary, _root));

        foreach (var call in new Func<Task>[]
                 {
                     () => runtime.StateAsync("nope"), () => runtime.StartAsync("nope"), () => runtime.KillAsync("nope", "TERM"),
                     () => runtime.PauseAsync("nope"), () => runtime.DeleteAsync("nope"),
                 })
        {
            var e = await Assert.ThrowsAsync<BerthException>(call);
            Assert.Equal(ErrorKind.NotFound, e.Kind);
            Assert.Equal($"{name}: no such container: nope", e.Message);
        }
    }

    [Theory]
    [InlineData("runc", "/usr/sbin/runc")]
    [InlineData("crun", "/usr/bin/crun")]
    public async Task ForceDelete_OfUnknownContainer_Succeeds(string name, string binary) =>
        await new OciRuntimeCli(new OciRuntimeOptions(name, binary, _root)).DeleteAsync("nope", force: true);

    [Fact]
    public async Task PauseResume_RunningContainer_ChangesStatus()
    {
        var supervisor = _scratch.NewSupervisor();
        var launch = _scratch.Bundle(["/bin/sleep", "30"]);
        await _scratch.CreateAsync(supervisor, launch);
        await supervisor.StartAsync(launch.Id);

        await _scratch.Runtime.PauseAsync(launch.Id);
        Assert.Equal(OciStatus.Paused, (await _scratch.Runtime.StateAsync(launch.Id)).Status);
        await _scratch.Runtime.ResumeAsync(launch.Id);
        Assert.Equal(OciStatus.Running, (await _scratch.Runtime.StateAsync(launch.Id)).Status);

        // A running container is not deleted without force: the runtime's own reason comes back.
        var e = await Assert.ThrowsAsync<BerthException>(() => _scratch.Runtime.DeleteAsync(launch.Id));
        Assert.Contains("running", e.Message);
        await _scratch.Runtime.DeleteAsync(launch.Id, force: true);
        Assert.Equal(137, await supervisor.ReadExitCodeAsync(launch.Id, TimeSpan.FromSeconds(15)));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _scratch.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }
}
