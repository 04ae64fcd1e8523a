using System.Text;
using System.Text.Json;
using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Registry;

/// <summary>Basic auth against docker-registry with htpasswd: login, logout, a wrong password, push and pull as a user.</summary>
public sealed class RegistryAuthTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private const string User = "alice";
    private const string Password = "s3cret-Pa55";
    private readonly TempDirectory _work = new();
    private DockerRegistry _registry = null!;
    private BerthDaemon _daemon = null!;
    private RegistryCli _cli = null!;

    public async Task InitializeAsync()
    {
        _registry = await DockerRegistry.StartAsync(User, Password);
        _daemon = await BerthDaemon.StartAsync();
        _cli = new RegistryCli(_daemon, _work.Combine("docker-config"));
    }

    public async Task DisposeAsync()
    {
        await _daemon.DisposeAsync();
        await _registry.DisposeAsync();
        _work.Dispose();
    }

    [Fact]
    public async Task WrongPassword_IsRefusedWithA401AndStoresNothing()
    {
        var berth = await _cli.BerthAsync("login", "-u", User, "-p", "wrong", _registry.Host);
        Assert.Equal(1, berth.ExitCode);
        Assert.Contains($"Error response from daemon: login attempt to http://{_registry.Host}/v2/ failed with status: 401 Unauthorized", berth.Stderr);
        Assert.False(File.Exists(_cli.ConfigPath));

        var docker = await _cli.DockerAsync("login", "-u", User, "-p", "wrong", _registry.Host);
        Assert.Equal(1, docker.ExitCode);
        Assert.Contains("401 Unauthorized", docker.Stderr);
    }

    [Fact]
    public async Task Login_StoresDockersConfig_ThenPushAndPullAuthenticate_AndLogoutForgets()
    {
        var name = $"{_registry.Host}/private/box:1";
        (await _cli.BerthAsync("import", busybox.TarPath, name)).AssertSuccess();
        var anonymous = await _cli.BerthAsync("push", name);
        Assert.Equal(1, anonymous.ExitCode);
        Assert.Contains("unauthorized", anonymous.Stderr);

        var passwordFile = _work.Combine("password");
        await File.WriteAllTextAsync(passwordFile, Password + "\n");
        var login = (await _cli.BerthWithInputAsync(passwordFile, "login", "-u", User, "--password-stdin", _registry.Host)).AssertSuccess();
        Assert.Equal("Login Succeeded\n", login.Stdout);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_cli.ConfigPath));
        using (var config = JsonDocument.Parse(await File.ReadAllTextAsync(_cli.ConfigPath)))
        {
            var auth = config.RootElement.GetProperty("auths").GetProperty(_registry.Host).GetProperty("auth").GetString()!;
            Assert.Equal($"{User}:{Password}", Encoding.UTF8.GetString(Convert.FromBase64String(auth)));
        }

        (await _cli.BerthAsync("push", name)).AssertSuccess();
        (await _cli.BerthAsync("rmi", name)).AssertSuccess();
        Assert.Contains($"Status: Downloaded newer image for {name}", (await _cli.BerthAsync("pull", name)).AssertSuccess().Stdout);

        // The docker CLI reads the same file and sends the same credentials in X-Registry-Auth.
        (await _cli.BerthAsync("rmi", name)).AssertSuccess();
        Assert.Equal("ok\n", (await _cli.DockerAsync("run", "--rm", name, "echo", "ok")).AssertSuccess().Stdout);

        Assert.Equal($"Removing login credentials for {_registry.Host}\n", (await _cli.BerthAsync("logout", _registry.Host)).AssertSuccess().Stdout);
        Assert.Equal($"Not logged in to {_registry.Host}\n", (await _cli.BerthAsync("logout", _registry.Host)).AssertSuccess().Stdout);
        (await _cli.BerthAsync("rmi", name)).AssertSuccess();
        var denied = await _cli.BerthAsync("pull", name);
        Assert.Equal(1, denied.ExitCode);
        Assert.Contains($"pull access denied for {_registry.Host}/private/box, repository does not exist or may require 'docker login'", denied.Stderr);
    }

    [Fact]
    public async Task DockerCliLogin_GoesThroughPostAuth()
    {
        var passwordFile = _work.Combine("password");
        await File.WriteAllTextAsync(passwordFile, Password);
        var login = (await _cli.DockerWithInputAsync(passwordFile, "login", "-u", User, "--password-stdin", _registry.Host)).AssertSuccess();
        Assert.Contains("Login Succeeded", login.Stdout);
        var name = $"{_registry.Host}/docker/box:1";
        (await _cli.DockerAsync("import", busybox.TarPath, name)).AssertSuccess();
        Assert.Contains("1: digest: sha256:", (await _cli.DockerAsync("push", name)).AssertSuccess().Stdout);
        (await _cli.DockerAsync("logout", _registry.Host)).AssertSuccess();
    }
}
