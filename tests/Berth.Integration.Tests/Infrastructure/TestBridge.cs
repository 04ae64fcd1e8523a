namespace Berth.Integration.Tests.Infrastructure;

/// <summary>
/// A test daemon's default bridge: a device (<c>btestN</c>) and a block (<c>10.N.0.0/16</c>, the bridge itself on
/// <c>10.N.0.0/24</c>) of its own. berthd keeps its default bridge when it stops, as dockerd keeps docker0, so
/// test daemons sharing the real default (<c>berth0</c>) would leave it on the machine and, running side by side,
/// hand out the same addresses from separate IPAM stores on one bridge. A daemon on the same directories gets
/// the same bridge again (its stored default network names it); the device is deleted when each daemon stops.
/// </summary>
public sealed class TestBridge
{
    private static readonly Dictionary<string, TestBridge> ByDirectory = new(StringComparer.Ordinal);
    private static readonly HashSet<int> Taken = [];

    private TestBridge(int octet) => Octet = octet;

    /// <summary>N in 10.N.0.0/16.</summary>
    public int Octet { get; }
    public string Name => $"btest{Octet}";
    public string Subnet => $"10.{Octet}.0.0/24";
    public string[] DaemonArguments => ["--bridge", Name, "--bip", Subnet];

    /// <summary>The bridge of the daemon whose data lives in <paramref name="directory"/>: reserved on first use.</summary>
    public static TestBridge For(string directory)
    {
        lock (ByDirectory)
        {
            if (ByDirectory.TryGetValue(directory, out var known)) return known;
            // A block no device routes (a machine may well use some of 10/8 itself) and no other test daemon has.
            var destinations = File.ReadAllLines("/proc/net/route").Skip(1)
                .Select(l => l.Split('\t', StringSplitOptions.RemoveEmptyEntries)).Where(f => f.Length > 1).Select(f => f[1]).ToList();
            var free = Enumerable.Range(100, 150).Where(n => !Taken.Contains(n) && !Directory.Exists($"/sys/class/net/btest{n}")
                && !destinations.Any(d => d.EndsWith($"{n:X2}0A", StringComparison.Ordinal))).ToList();
            if (free.Count == 0) throw new InvalidOperationException("no free 10.N.0.0/16 block left for a test daemon's bridge");
            var bridge = new TestBridge(free[Random.Shared.Next(free.Count)]);
            Taken.Add(bridge.Octet);
            ByDirectory[directory] = bridge;
            return bridge;
        }
    }

    /// <summary>Gives the block back once the directories are gone (no daemon can come back on them).</summary>
    public static void Release(string directory)
    {
        lock (ByDirectory)
        {
            if (ByDirectory.Remove(directory, out var bridge)) Taken.Remove(bridge.Octet);
        }
    }

    /// <summary>Deletes the device if the daemon made it (the CNI bridge plugin does so at the first container).</summary>
    public async Task DeleteDeviceAsync()
    {
        if (Directory.Exists($"/sys/class/net/{Name}")) await ProcessRunner.RunAsync("ip", ["link", "delete", Name, "type", "bridge"]);
    }
}
