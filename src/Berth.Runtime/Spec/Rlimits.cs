using Berth.Oci;
using Berth.Oci.Runtime;

namespace Berth.Runtime.Spec;

/// <summary>
/// Maps <c>--ulimit</c> to rlimits. Nothing else is emitted: without a flag the container inherits the
/// runtime's limits, and raising a hard limit needs CAP_SYS_RESOURCE, which the daemon may lack.
/// </summary>
internal static class Rlimits
{
    private static readonly HashSet<string> Names =
    [
        "as", "core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc",
        "rss", "rtprio", "rttime", "sigpending", "stack",
    ];

    public static IReadOnlyList<PosixRlimit>? Build(IReadOnlyDictionary<string, Ulimit>? ulimits)
    {
        if (ulimits is null || ulimits.Count == 0) return null;
        return ulimits.OrderBy(u => u.Key, StringComparer.Ordinal).Select(u =>
        {
            var name = u.Key.ToLowerInvariant();
            if (!Names.Contains(name)) throw BerthException.Invalid($"invalid ulimit type: {u.Key}");
            if (u.Value.Soft > u.Value.Hard)
            {
                throw BerthException.Invalid($"invalid ulimit argument: soft limit {u.Value.Soft} is larger than hard limit {u.Value.Hard}");
            }
            return new PosixRlimit { Type = "RLIMIT_" + name.ToUpperInvariant(), Soft = Limit(u.Value.Soft), Hard = Limit(u.Value.Hard) };
        }).ToList();
    }

    /// <summary>-1 is Docker's "unlimited", which is RLIM_INFINITY (all bits set) to the kernel.</summary>
    private static ulong Limit(long value) => value < 0 ? ulong.MaxValue : (ulong)value;
}
