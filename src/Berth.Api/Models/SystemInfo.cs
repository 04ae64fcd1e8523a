namespace Berth.Api.Models;

/// <summary>GET /info: the subset of Docker's SystemInfo that Berth fills; clients tolerate the rest missing.</summary>
public sealed record SystemInfo
{
    public required string ID { get; init; }
    public int Containers { get; init; }
    public int ContainersRunning { get; init; }
    public int ContainersPaused { get; init; }
    public int ContainersStopped { get; init; }
    public int Images { get; init; }
    public required string Driver { get; init; }
    public required IReadOnlyList<IReadOnlyList<string>> DriverStatus { get; init; }
    public required string DockerRootDir { get; init; }
    public required string Name { get; init; }
    public int NCPU { get; init; }
    public long MemTotal { get; init; }
    public required string OperatingSystem { get; init; }
    public required string OSType { get; init; }
    public required string Architecture { get; init; }
    public required string KernelVersion { get; init; }
    public required string ServerVersion { get; init; }
    public required string LoggingDriver { get; init; }
    public required string CgroupDriver { get; init; }
    public required string CgroupVersion { get; init; }
    public required string DefaultRuntime { get; init; }
    public required Dictionary<string, RuntimeInfo> Runtimes { get; init; }
    public required IReadOnlyList<string> SecurityOptions { get; init; }
    public required PluginsInfo Plugins { get; init; }
    public required SwarmInfo Swarm { get; init; }
    public required string IndexServerAddress { get; init; }
    public required IReadOnlyList<string> Labels { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }
    public bool Debug { get; init; }
    public bool ExperimentalBuild { get; init; }
    public bool MemoryLimit { get; init; }
    public bool SwapLimit { get; init; }
    public bool CpuCfsPeriod { get; init; }
    public bool CpuCfsQuota { get; init; }
    public bool CPUShares { get; init; }
    public bool CPUSet { get; init; }
    public bool PidsLimit { get; init; }
    public bool IPv4Forwarding { get; init; }
    public bool OomKillDisable { get; init; }
}

public sealed record RuntimeInfo(string Path);

public sealed record PluginsInfo(IReadOnlyList<string> Volume, IReadOnlyList<string> Network, IReadOnlyList<string> Log);

public sealed record SwarmInfo(string LocalNodeState, string NodeID, string NodeAddr, bool ControlAvailable);
