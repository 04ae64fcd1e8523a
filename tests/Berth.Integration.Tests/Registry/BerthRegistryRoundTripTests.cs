using Berth.Integration.Tests.Build;
using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Registry;

/// <summary>
/// Berth end to end with its own registry server: berthd pushes to and pulls from <c>berth registry serve</c>
/// (anonymous, and through the server's own token flow after <c>login</c>), and a build pulls its base image from it.
/// </summary>
public sealed class BerthRegistryRoundTripTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private ContainerHost _host = null!;
    private RegistryCli _cli = null!;

    public async Task InitializeAsync()
    {
        _host = await ContainerHost.StartAsync(busybox);
        _cli = RegistryCli.For(_host);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task PushRemovePull_ThenABuildPullsItsBaseFromTheRegistry()
    {
        await using var registry = await BerthRegistryProcess.StartAsync();
        var name = $"{registry.Host}/tools/busybox:1";
        (await _cli.BerthAsync("tag", ContainerHost.Image, name)).AssertSuccess();
        var push = (await _cli.BerthAsync("push", name)).AssertSuccess();
        Assert.Contains("digest: sha256:", push.Stdout);
        (await _cli.BerthAsync("rmi", name)).AssertSuccess();

        (await _cli.BerthAsync("pull", name)).AssertSuccess();
        Assert.Equal("pulled\n", (await _host.DockerAsync("run", "--rm", name, "echo", "pulled")).AssertSuccess().Stdout);

        (await _cli.BerthAsync("rmi", name)).AssertSuccess();
        using var context = new BuildContext().Dockerfile($"FROM {name}\nRUN echo built-on-pulled > /f\nCMD [\"cat\", \"/f\"]\n");
        (await _cli.BerthAsync("build", "-t", "frompulled:1", context.Path)).AssertSuccess();
        Assert.Equal("built-on-pulled\n", (await _host.DockerAsync("run", "--rm", "frompulled:1")).AssertSuccess().Stdout);
    }

    [Fact]
    public async Task TokenAuth_LoginThenPushAndPull_WithTheDockerCli()
    {
        await using var registry = await BerthRegistryProcess.StartAsync("alice", "wonderland");
        var name = $"{registry.Host}/private/busybox:1";
        (await _cli.DockerAsync("tag", ContainerHost.Image, name)).AssertSuccess();

        var denied = await _cli.DockerAsync("push", name);
        Assert.NotEqual(0, denied.ExitCode);

        var password = _host.Dirs.Combine("password");
        await File.WriteAllTextAsync(password, "wonderland");
        (await _cli.DockerWithInputAsync(password, "login", "-u", "alice", "--password-stdin", registry.Host)).AssertSuccess();
        (await _cli.DockerAsync("push", name)).AssertSuccess();
        (await _cli.DockerAsync("rmi", name)).AssertSuccess();
        (await _cli.DockerAsync("pull", name)).AssertSuccess();
        Assert.Equal("ok\n", (await _host.DockerAsync("run", "--rm", name, "echo", "ok")).AssertSuccess().Stdout);
    }
}
