namespace Berth.Engine.Networks;

/// <summary>
/// Where networking keeps its files: namespaces under the exec root (they die with a reboot, as their
/// containers' processes do), IPAM reservations under the data root (host-local's dataDir, one per network).
/// </summary>
public sealed class NetworkLayout(string dataRoot, string execRoot)
{
    public string DatabasePath { get; } = Path.Join(dataRoot, "networks.db");
    public string NamespaceDir { get; } = Path.Join(execRoot, "netns");
    public string IpamRoot { get; } = Path.Join(dataRoot, "network", "ipam");

    public string IpamDir(string networkId) => Path.Join(IpamRoot, networkId);
}
