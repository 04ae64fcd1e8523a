using Berth.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Berth.Integration.Tests.Networks;

/// <summary>
/// Run/rm cycles on the default bridge and a user network, half of them publishing a port (the two shapes of CNI
/// configuration a container gets), leave no veth on the bridge, no namespace file, no iptables rule naming the
/// test's addresses, no IPAM reservation and no mount. Cycles: BERTH_NETWORK_LEAK_CYCLES (default 200, the
/// issue's number: about two minutes on a 2-CPU machine).
/// </summary>
public sealed class NetworkLeakTests(BusyboxRootfs busybox, ITestOutputHelper output) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private NetworkTestHost _host = null!;

    public async Task InitializeAsync() => _host = await NetworkTestHost.StartAsync(busybox);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static int Cycles =>
        int.TryParse(Environment.GetEnvironmentVariable("BERTH_NETWORK_LEAK_CYCLES"), out var n) && n > 0 ? n : 200;

    [Fact]
    public async Task RunRemoveCycles_LeaveNothingBehind()
    {
        await _host.CreateNetworkAsync("cycles", 1);
        var mountsBefore = HostMounts.Under(_host.Host.Dirs.Path).Count;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < Cycles; i++)
        {
            var network = i % 2 == 0 ? "bridge" : "cycles";
            string[] publish = i % 4 < 2 ? ["-p", "127.0.0.1::80"] : [];
            var id = await _host.Host.RunDetachedAsync(["--network", network, .. publish, ContainerHost.Image, "sleep", "300"]);
            (await _host.DockerAsync("rm", "-f", id)).AssertSuccess();
        }
        output.WriteLine($"{Cycles} run/rm cycles in {watch.Elapsed.TotalSeconds:F1} s ({watch.Elapsed.TotalMilliseconds / Cycles:F0} ms a cycle)");

        Assert.Empty(_host.PortsOnBridges());
        Assert.Empty(Directory.Exists(_host.NamespaceDir) ? Directory.GetFiles(_host.NamespaceDir) : []);
        Assert.Empty(await _host.RulesMentioningUsAsync());
        Assert.Empty(_host.IpamReservations());
        Assert.Equal(mountsBefore, HostMounts.Under(_host.Host.Dirs.Path).Count);
        (await _host.DockerAsync("network", "rm", "cycles")).AssertSuccess();
        Assert.Single(Directory.GetDirectories(Path.Join(_host.Daemon.DataRoot, "network", "ipam"))); // the default bridge's only
    }
}
