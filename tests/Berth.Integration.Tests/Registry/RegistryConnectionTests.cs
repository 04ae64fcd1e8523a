using System.Net.NetworkInformation;
using System.Net.Sockets;
using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Registry;

/// <summary>
/// How berthd reaches a registry: TLS verified against a per-registry CA from its certs.d directory, refused without
/// it, allowed unverified for <c>--insecure-registry</c>; and <c>--registry-mirror</c> serving docker.io names.
/// </summary>
public sealed class RegistryConnectionTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private readonly TempDirectory _work = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _work.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>An address of this machine that is not loopback (loopback registries are insecure by default).</summary>
    private static string ExternalAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)?.ToString()
        ?? throw new InvalidOperationException("this test needs a non-loopback IPv4 address");

    [Fact]
    public async Task Tls_IsVerifiedAgainstTheRegistrysCa_OrSkippedForAnInsecureRegistry()
    {
        var address = ExternalAddress();
        var certificate = _work.Combine("registry.crt");
        var key = _work.Combine("registry.key");
        (await ProcessRunner.RunAsync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=berth-test-registry",
            "-addext", $"subjectAltName=IP:{address}", "-keyout", key, "-out", certificate])).AssertSuccess();
        await using var registry = await DockerRegistry.StartAsync(tls: (certificate, key), address: address);
        var certs = _work.Combine("certs.d");
        Directory.CreateDirectory(Path.Combine(certs, registry.Host));
        File.Copy(certificate, Path.Combine(certs, registry.Host, "ca.crt"));
        var name = $"{registry.Host}/secure/box:1";

        await using (var trusting = await BerthDaemon.StartAsync(null, "--registry-certs-dir", certs))
        {
            var cli = new RegistryCli(trusting, _work.Combine("config"));
            (await cli.BerthAsync("import", busybox.TarPath, name)).AssertSuccess();
            (await cli.BerthAsync("push", name)).AssertSuccess();
            (await cli.BerthAsync("rmi", name)).AssertSuccess();
            Assert.Contains($"Status: Downloaded newer image for {name}", (await cli.BerthAsync("pull", name)).AssertSuccess().Stdout);
        }
        await using (var plain = await BerthDaemon.StartAsync(null, "--registry-certs-dir", _work.Combine("empty")))
        {
            var refused = await new RegistryCli(plain, _work.Combine("config")).BerthAsync("pull", name);
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains($"Get \"https://{registry.Host}/v2/\"", refused.Stderr);
            Assert.Contains("tls: failed to verify certificate: x509: certificate signed by unknown authority", refused.Stderr);
        }
        await using (var insecure = await BerthDaemon.StartAsync(null, "--registry-certs-dir", _work.Combine("empty"), "--insecure-registry", registry.Host))
        {
            (await new RegistryCli(insecure, _work.Combine("config")).BerthAsync("pull", name)).AssertSuccess();
        }
    }

    [Fact]
    public async Task RegistryMirror_ServesDockerHubNames()
    {
        await using var mirror = await DockerRegistry.StartAsync();
        await using var daemon = await BerthDaemon.StartAsync(null, "--registry-mirror", $"http://{mirror.Host}");
        var cli = new RegistryCli(daemon, _work.Combine("config"));
        (await cli.BerthAsync("import", busybox.TarPath, $"{mirror.Host}/library/mirrored:1")).AssertSuccess();
        (await cli.BerthAsync("push", $"{mirror.Host}/library/mirrored:1")).AssertSuccess();

        var pull = (await cli.BerthAsync("pull", "mirrored:1")).AssertSuccess().Stdout;

        Assert.Contains("1: Pulling from library/mirrored", pull);
        Assert.EndsWith("Status: Downloaded newer image for mirrored:1\ndocker.io/library/mirrored:1\n", pull);
        Assert.Equal("via mirror\n", (await cli.BerthAsync("run", "--rm", "mirrored:1", "echo", "via mirror")).AssertSuccess().Stdout);
    }
}
