using System.Text.RegularExpressions;
using Berth.Oci;
using Berth.Oci.Runtime;

namespace Berth.Runtime.Spec;

/// <summary>Maps <c>--memory</c>, <c>--cpus</c>, <c>--cpu-shares</c>, <c>--cpuset-cpus</c> and <c>--pids-limit</c> to cgroup limits, with Docker's checks.</summary>
internal static partial class ResourceLimits
{
    // Docker refuses less: the runtime and the process's own page tables need some room.
    private const long MinimumMemory = 6 * 1024 * 1024;
    /// <summary>The CFS period Docker uses with --cpus: 100 ms, so a quota of 150000 µs is 1.5 CPUs.</summary>
    public const ulong CpuPeriod = 100_000;

    public static LinuxResources Build(RunOptions options, bool privileged, int hostCpus) => new()
    {
        Devices = privileged ? DeviceRules.AllowAll : DeviceRules.Default,
        Memory = Memory(options),
        Cpu = Cpu(options, hostCpus),
        Pids = options.PidsLimit > 0 ? new LinuxPids { Limit = options.PidsLimit } : null,
    };

    private static LinuxMemory? Memory(RunOptions o)
    {
        if (o.Memory < 0 || o.MemoryReservation < 0) throw BerthException.Invalid("invalid memory limit: must not be negative");
        if (o.Memory > 0 && o.Memory < MinimumMemory) throw BerthException.Invalid("Minimum memory limit allowed is 6MB");
        if (o.MemorySwap != 0 && o.Memory == 0)
        {
            throw BerthException.Invalid("You should always set the Memory limit when using Memoryswap limit, see usage");
        }
        if (o.MemorySwap > 0 && o.MemorySwap < o.Memory)
        {
            throw BerthException.Invalid("Minimum memoryswap limit should be larger than memory limit, see usage");
        }
        if (o.Memory > 0 && o.MemoryReservation > o.Memory)
        {
            throw BerthException.Invalid("Minimum memory limit can not be less than memory reservation limit, see usage");
        }
        if (o.Memory == 0 && o.MemoryReservation == 0) return null;
        return new LinuxMemory
        {
            Limit = o.Memory > 0 ? o.Memory : null,
            // As Docker: a memory limit alone allows as much swap again.
            Swap = o.Memory > 0 ? (o.MemorySwap == 0 ? 2 * o.Memory : o.MemorySwap) : null,
            Reservation = o.MemoryReservation > 0 ? o.MemoryReservation : null,
        };
    }

    private static LinuxCpu? Cpu(RunOptions o, int hostCpus)
    {
        if (o.NanoCpus < 0) throw BerthException.Invalid("invalid CPU count: must not be negative");
        if (o.NanoCpus > hostCpus * 1_000_000_000L)
        {
            throw BerthException.Invalid($"Range of CPUs is from 0.01 to {hostCpus}.00, as there are only {hostCpus} CPUs available");
        }
        if (o.CpuShares < 0) throw BerthException.Invalid("invalid CPU shares: must not be negative");
        if (o.CpusetCpus is { Length: > 0 } set && !CpuList().IsMatch(set))
        {
            throw BerthException.Invalid($"Invalid value {set} for cpuset cpus");
        }
        if (o.NanoCpus == 0 && o.CpuShares == 0 && string.IsNullOrEmpty(o.CpusetCpus)) return null;
        return new LinuxCpu
        {
            Shares = o.CpuShares > 0 ? (ulong)o.CpuShares : null,
            Quota = o.NanoCpus > 0 ? o.NanoCpus * (long)CpuPeriod / 1_000_000_000L : null,
            Period = o.NanoCpus > 0 ? CpuPeriod : null,
            Cpus = string.IsNullOrEmpty(o.CpusetCpus) ? null : o.CpusetCpus,
        };
    }

    /// <summary>The kernel's list format: <c>0-3,5,7-8</c>.</summary>
    [GeneratedRegex(@"^\d+(-\d+)?(,\d+(-\d+)?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex CpuList();
}
