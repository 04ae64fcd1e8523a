namespace Berth.Daemon.Info;

/// <summary>Facts about the host that /version and /info report, read once from /proc and /etc.</summary>
public sealed class HostFacts
{
    public string KernelVersion { get; } = ReadFirstLine("/proc/sys/kernel/osrelease") ?? "unknown";
    public string OperatingSystem { get; } = ReadOsRelease() ?? "Linux";
    public long MemTotal { get; } = ReadMemTotal();
    public string CgroupVersion { get; } = File.Exists("/sys/fs/cgroup/cgroup.controllers") ? "2" : "1";
    public string Architecture { get; } = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "x86_64",
        System.Runtime.InteropServices.Architecture.Arm64 => "aarch64",
        var other => other.ToString().ToLowerInvariant(),
    };

    /// <summary>Go's GOARCH naming, which /version uses.</summary>
    public string GoArch => Architecture switch { "x86_64" => "amd64", "aarch64" => "arm64", var a => a };

    private static string? ReadFirstLine(string path) =>
        File.Exists(path) ? File.ReadLines(path).FirstOrDefault()?.Trim() : null;

    private static string? ReadOsRelease()
    {
        const string prefix = "PRETTY_NAME=";
        if (!File.Exists("/etc/os-release")) return null;
        var line = File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line?[prefix.Length..].Trim('"');
    }

    private static long ReadMemTotal()
    {
        var line = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) : null;
        var kb = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1);
        return long.TryParse(kb, out var value) ? value * 1024 : 0;
    }
}
