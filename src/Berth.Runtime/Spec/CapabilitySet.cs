using Berth.Oci;

namespace Berth.Runtime.Spec;

/// <summary>
/// Capability names and Docker's rules for <c>--cap-add</c>, <c>--cap-drop</c> and <c>--privileged</c>.
/// </summary>
public static class CapabilitySet
{
    /// <summary>Every capability, indexed by its number in linux/capability.h (0 … 40).</summary>
    public static readonly IReadOnlyList<string> Known =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
        "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
        "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
        "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
        "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
        "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
        "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
    ];

    /// <summary>Docker's default set: enough for package managers and servers, nothing that reaches the host.</summary>
    public static readonly IReadOnlyList<string> Default =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
        "CAP_AUDIT_WRITE",
    ];

    private const string All = "ALL";

    public static IEnumerable<string> FromMask(ulong mask) =>
        Known.Where((_, bit) => (mask & (1UL << bit)) != 0);

    /// <summary>
    /// The container's capability set. "All" is limited to what the host grants the daemon: asking the
    /// kernel for a capability the caller lacks fails the whole container start.
    /// </summary>
    public static IReadOnlyList<string> Resolve(bool privileged, IReadOnlyList<string>? add, IReadOnlyList<string>? drop, IReadOnlySet<string> host)
    {
        var adds = Normalize(add);
        var drops = Normalize(drop);
        var all = Known.Where(host.Contains);
        IEnumerable<string> result;
        if (privileged) result = all;
        else if (adds.Contains(All)) result = all.Where(c => !drops.Contains(c));
        else if (drops.Contains(All)) result = adds;
        else result = Default.Where(c => !drops.Contains(c)).Concat(adds);
        return [.. result.Distinct()];
    }

    /// <summary>Docker accepts <c>net_admin</c>, <c>NET_ADMIN</c> and <c>CAP_NET_ADMIN</c> alike.</summary>
    private static List<string> Normalize(IReadOnlyList<string>? names)
    {
        var result = new List<string>();
        foreach (var raw in names ?? [])
        {
            var name = raw.Trim().ToUpperInvariant();
            if (name == All)
            {
                result.Add(All);
                continue;
            }
            if (!name.StartsWith("CAP_", StringComparison.Ordinal)) name = "CAP_" + name;
            if (!Known.Contains(name)) throw BerthException.Invalid($"invalid capability: unknown capability \"{raw}\"");
            result.Add(name);
        }
        return result;
    }
}
