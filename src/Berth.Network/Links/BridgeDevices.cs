using System.Diagnostics;

namespace Berth.Network.Links;

/// <summary>
/// The Linux bridges of user networks. The bridge plugin creates a network's bridge at the first ADD; removing the
/// network removes it again (iproute2's <c>ip link delete</c>), as Docker deletes br-* with the network.
/// </summary>
public static class BridgeDevices
{
    public static bool Exists(string name) => Directory.Exists(Path.Join("/sys/class/net", name));

    /// <returns>True when the device is gone afterwards.</returns>
    public static async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        if (!Exists(name)) return true;
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "link", "delete", name, "type", "bridge" }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start);
        if (process is null) return false;
        await process.WaitForExitAsync(cancellationToken);
        return !Exists(name);
    }
}
