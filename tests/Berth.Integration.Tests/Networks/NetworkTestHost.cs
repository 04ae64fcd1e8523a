using System.Text.RegularExpressions;
using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Networks;

/// <summary>
/// A <see cref="ContainerHost"/> whose default bridge is a device and subnet of its own (a <see cref="TestBridge"/>:
/// <c>btestN</c> on <c>10.N.0.0/24</c>), so tests never share addresses with another daemon on the machine; the user
/// networks a test makes take <c>10.N.K.0/24</c> from <see cref="Subnet"/>. Dispose removes the containers
/// (CNI DEL through the daemon) and then scrubs whatever a failed test may have left: the daemon's bridges,
/// and every iptables rule that mentions <c>10.N.</c> with the per-container chains those rules jumped to.
/// </summary>
public sealed partial class NetworkTestHost : IAsyncDisposable
{
    private readonly HashSet<string> _bridges = new(StringComparer.Ordinal);

    private NetworkTestHost(ContainerHost host, int octet)
    {
        Host = host;
        Octet = octet;
        _bridges.Add(BridgeName);
    }

    public ContainerHost Host { get; }
    /// <summary>N in 10.N.0.0/16: this host's own block.</summary>
    public int Octet { get; }
    public string BridgeName => Daemon.Bridge!.Name;
    public string BridgeGateway => $"10.{Octet}.0.1";
    /// <summary>The prefix every address of this host starts with, as iptables rules print it.</summary>
    public string AddressPrefix => $"10.{Octet}.";

    public string Subnet(int index) => $"10.{Octet}.{index}.0/24";

    public static async Task<NetworkTestHost> StartAsync(BusyboxRootfs busybox)
    {
        var host = await ContainerHost.StartAsync(busybox);
        return new NetworkTestHost(host, host.Daemon.Bridge!.Octet);
    }

    public BerthDaemon Daemon => Host.Daemon;

    public Task<ProcessResult> DockerAsync(params string[] args) => Host.DockerAsync(args);

    /// <summary><c>docker network create --subnet 10.N.index.0/24 ARGS NAME</c>; remembers the bridge for the scrub.</summary>
    public async Task<string> CreateNetworkAsync(string name, int index, params string[] args)
    {
        var id = (await DockerAsync(["network", "create", "--subnet", Subnet(index), .. args, name])).AssertSuccess().Stdout.Trim();
        TrackNetwork(id);
        return id;
    }

    /// <summary>Remembers the bridge of a network someone else created (docker-compose, say), for the scrub.</summary>
    public void TrackNetwork(string id) => _bridges.Add("br-" + id[..12]);

    /// <summary>Runs a throwaway container and returns its exit code and output (stdout then stderr).</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var run = await Host.RunAsync(args);
        await DockerAsync("rm", "-f", run.Id);
        return (run.ExitCode, run.Stdout + run.Stderr);
    }

    /// <summary>iptables rules (nat and filter) that still mention this host's addresses.</summary>
    public async Task<IReadOnlyList<string>> RulesMentioningUsAsync()
    {
        var rules = new List<string>();
        foreach (var table in new[] { "nat", "filter" })
        {
            var dump = (await ProcessRunner.RunAsync("iptables-save", ["-t", table])).Stdout;
            rules.AddRange(dump.Split('\n').Where(l => l.StartsWith("-A ", StringComparison.Ordinal) && l.Contains(AddressPrefix, StringComparison.Ordinal)).Select(l => $"{table}: {l}"));
        }
        return rules;
    }

    /// <summary>Veth ends still enslaved to one of this host's bridges.</summary>
    public IReadOnlyList<string> PortsOnBridges() =>
        [.. _bridges.Select(b => $"/sys/class/net/{b}/brif").Where(Directory.Exists).SelectMany(Directory.EnumerateFileSystemEntries).Select(Path.GetFileName).OfType<string>()];

    public string NamespaceDir => Path.Join(Daemon.ExecRoot, "netns");

    /// <summary>host-local's reservations (one file per address), leaving out its lock and last-reserved bookkeeping.</summary>
    public IReadOnlyList<string> IpamReservations()
    {
        var root = Path.Join(Daemon.DataRoot, "network", "ipam");
        if (!Directory.Exists(root)) return [];
        return [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is not "lock" && !Path.GetFileName(f).StartsWith("last_reserved_ip", StringComparison.Ordinal))];
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await ScrubRulesAsync();
        foreach (var bridge in _bridges.Where(b => Directory.Exists($"/sys/class/net/{b}")))
            await ProcessRunner.RunAsync("ip", ["link", "delete", bridge]);
    }

    /// <summary>Deletes rules naming this host's addresses, then the chains those rules jumped to once nothing else does.</summary>
    private async Task ScrubRulesAsync()
    {
        foreach (var table in new[] { "nat", "filter" })
        {
            var dump = (await ProcessRunner.RunAsync("iptables-save", ["-t", table])).Stdout.Split('\n');
            var chains = new HashSet<string>(StringComparer.Ordinal);
            foreach (var rule in dump.Where(l => l.StartsWith("-A ", StringComparison.Ordinal) && l.Contains(AddressPrefix, StringComparison.Ordinal)))
            {
                if (JumpTarget().Match(rule) is { Success: true } jump && jump.Groups[1].Value.StartsWith("CNI-", StringComparison.Ordinal)
                    && jump.Groups[1].Value is not ("CNI-HOSTPORT-SETMARK" or "CNI-HOSTPORT-DNAT" or "CNI-HOSTPORT-MASQ"))
                    chains.Add(jump.Groups[1].Value);
                await ProcessRunner.RunAsync("sh", ["-c", $"iptables -t {table} -D {rule[3..]}"]);
            }
            foreach (var chain in chains)
            {
                await ProcessRunner.RunAsync("iptables", ["-t", table, "-F", chain]);
                await ProcessRunner.RunAsync("iptables", ["-t", table, "-X", chain]);
            }
        }
    }

    [GeneratedRegex(@" -j (\S+)")]
    private static partial Regex JumpTarget();
}
