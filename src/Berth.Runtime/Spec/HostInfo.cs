using System.Globalization;
using System.Runtime.InteropServices;
using Berth.Oci.Runtime;

namespace Berth.Runtime.Spec;

/// <summary>
/// What spec generation needs to know about the machine: which capabilities the daemon itself holds
/// (a container cannot be given more, so "all" means "all of these"), the architecture and kernel that
/// seccomp rules are selected for, and the host's devices for <c>--privileged</c>.
/// </summary>
public sealed record HostInfo
{
    /// <summary>Capability names in the daemon's bounding set.</summary>
    public required IReadOnlySet<string> Capabilities { get; init; }
    /// <summary>Go's name for the architecture (amd64, arm64, 386, arm), which seccomp profiles use.</summary>
    public required string Architecture { get; init; }
    public required Version KernelVersion { get; init; }
    /// <summary>The host's name, which a container on the host network shares.</summary>
    public required string Hostname { get; init; }
    public required int CpuCount { get; init; }
    /// <summary>Host path of an init for <c>--init</c> (catatonit or tini), or null when none is installed.</summary>
    public string? InitPath { get; init; }
    /// <summary>Lists the host's device nodes; called only for privileged containers.</summary>
    public required Func<IReadOnlyList<LinuxDevice>> ListDevices { get; init; }

    private static readonly string[] InitCandidates =
        ["/usr/bin/catatonit", "/usr/libexec/catatonit/catatonit", "/usr/bin/tini-static", "/usr/bin/tini", "/usr/bin/docker-init"];

    /// <summary>Reads the running host. Cheap except for devices, which are listed on demand.</summary>
    public static HostInfo Current() => new()
    {
        Capabilities = ReadBoundingSet(),
        Architecture = GoArchitecture(RuntimeInformation.OSArchitecture),
        // .NET fills OSVersion from uname(2)'s release on Linux.
        KernelVersion = Environment.OSVersion.Version,
        Hostname = Environment.MachineName,
        CpuCount = Environment.ProcessorCount,
        InitPath = InitCandidates.FirstOrDefault(File.Exists),
        ListDevices = () => HostDevices.List("/sys/dev", "/dev"),
    };

    internal static string GoArchitecture(Architecture architecture) => architecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "amd64",
        System.Runtime.InteropServices.Architecture.X86 => "386",
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        System.Runtime.InteropServices.Architecture.Arm => "arm",
        _ => architecture.ToString().ToLowerInvariant(),
    };

    /// <summary>The CapBnd mask of /proc/self/status, as names; bits beyond the names Berth knows are ignored.</summary>
    private static HashSet<string> ReadBoundingSet()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("CapBnd:", StringComparison.Ordinal));
        if (line is null) return [.. CapabilitySet.Known];
        var mask = ulong.Parse(line["CapBnd:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return [.. CapabilitySet.FromMask(mask)];
    }
}
