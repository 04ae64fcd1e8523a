using System.Globalization;

namespace Berth.Engine.Stats;

/// <summary>Reads a <see cref="ResourceSample"/> from a container's cgroup (v1 or v2) and the host's /proc/stat.</summary>
public static class ResourceSampler
{
    /// <summary>The kernel's USER_HZ: /proc/stat counts in hundredths of a second on every Linux Berth runs on.</summary>
    private const long NanosecondsPerTick = 10_000_000;

    public static ResourceSample Read(ContainerCgroup cgroup, TimeProvider clock, string procStat = "/proc/stat")
    {
        var now = clock.GetUtcNow();
        var system = SystemCpu(procStat);
        var cpus = Environment.ProcessorCount;
        return cgroup.IsV2 ? ReadV2(cgroup, now, system, cpus) : ReadV1(cgroup, now, system, cpus);
    }

    private static ResourceSample ReadV1(ContainerCgroup cgroup, DateTimeOffset now, long system, int cpus)
    {
        // Distributions mount cpu and cpuacct apart or together (cpu,cpuacct).
        var cpuController = cgroup.HasV1("cpuacct") ? "cpuacct" : "cpu,cpuacct";
        var throttling = cgroup.KeyedValues(cgroup.V1File(cgroup.HasV1("cpu") ? "cpu" : "cpu,cpuacct", "cpu.stat"));
        var limit = cgroup.V1Value("memory", "memory.limit_in_bytes") ?? 0;
        return new ResourceSample
        {
            Read = now,
            CpuTotal = cgroup.V1Value(cpuController, "cpuacct.usage") ?? 0,
            CpuKernel = cgroup.V1Value(cpuController, "cpuacct.usage_sys") ?? 0,
            CpuUser = cgroup.V1Value(cpuController, "cpuacct.usage_user") ?? 0,
            CpuPerCore = cgroup.V1Values(cpuController, "cpuacct.usage_percpu"),
            SystemCpu = system,
            OnlineCpus = cpus,
            ThrottlingPeriods = throttling.GetValueOrDefault("nr_periods"),
            ThrottledPeriods = throttling.GetValueOrDefault("nr_throttled"),
            ThrottledTime = throttling.GetValueOrDefault("throttled_time"),
            MemoryUsage = cgroup.V1Value("memory", "memory.usage_in_bytes") ?? 0,
            MemoryMaxUsage = cgroup.V1Value("memory", "memory.max_usage_in_bytes") ?? 0,
            // v1 reports "no limit" as a huge page-aligned number; Docker shows the host's memory then.
            MemoryLimit = limit is 0 or >= long.MaxValue / 2 ? HostMemory() : limit,
            MemoryFailCount = cgroup.V1Value("memory", "memory.failcnt") ?? 0,
            MemoryStats = cgroup.KeyedValues(cgroup.V1File("memory", "memory.stat")),
            PidsCurrent = cgroup.V1Value("pids", "pids.current") ?? 0,
            PidsLimit = cgroup.V1Value("pids", "pids.max") ?? 0,
        };
    }

    private static ResourceSample ReadV2(ContainerCgroup cgroup, DateTimeOffset now, long system, int cpus)
    {
        var cpu = cgroup.KeyedValues(cgroup.V2File("cpu.stat"));
        return new ResourceSample
        {
            Read = now,
            CpuTotal = cpu.GetValueOrDefault("usage_usec") * 1000,
            CpuKernel = cpu.GetValueOrDefault("system_usec") * 1000,
            CpuUser = cpu.GetValueOrDefault("user_usec") * 1000,
            SystemCpu = system,
            OnlineCpus = cpus,
            ThrottlingPeriods = cpu.GetValueOrDefault("nr_periods"),
            ThrottledPeriods = cpu.GetValueOrDefault("nr_throttled"),
            ThrottledTime = cpu.GetValueOrDefault("throttled_usec") * 1000,
            MemoryUsage = cgroup.V2Value("memory.current") ?? 0,
            MemoryMaxUsage = cgroup.V2Value("memory.peak") ?? 0,
            MemoryLimit = cgroup.V2Value("memory.max") ?? HostMemory(),
            MemoryStats = cgroup.KeyedValues(cgroup.V2File("memory.stat")),
            PidsCurrent = cgroup.V2Value("pids.current") ?? 0,
            PidsLimit = cgroup.V2Value("pids.max") ?? 0,
        };
    }

    /// <summary>The host's CPU time since boot in nanoseconds: the first line of /proc/stat, all columns summed.</summary>
    private static long SystemCpu(string procStat)
    {
        var line = File.ReadLines(procStat).FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal)) ?? "";
        return line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Sum(v => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? ticks : 0) * NanosecondsPerTick;
    }

    private static long HostMemory()
    {
        var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) ?? "";
        var kib = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1);
        return long.TryParse(kib, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value * 1024 : 0;
    }
}
