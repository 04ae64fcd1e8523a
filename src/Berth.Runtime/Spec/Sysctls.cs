using Berth.Oci;

namespace Berth.Runtime.Spec;

/// <summary>
/// Only sysctls that belong to a namespace the container owns may be set: the IPC ones, the UTS domain
/// name, and net.* when the container has its own network namespace. Anything else would change the host.
/// </summary>
internal static class Sysctls
{
    private static readonly HashSet<string> IpcKeys =
        ["kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced"];

    public static IReadOnlyDictionary<string, string>? Validate(IReadOnlyDictionary<string, string>? sysctls, bool hostNetwork)
    {
        if (sysctls is null || sysctls.Count == 0) return null;
        foreach (var key in sysctls.Keys)
        {
            if (key.StartsWith("net.", StringComparison.Ordinal))
            {
                if (hostNetwork) throw BerthException.Invalid($"sysctl '{key}' is not allowed in host network namespace");
                continue;
            }
            if (!IpcKeys.Contains(key) && !key.StartsWith("fs.mqueue.", StringComparison.Ordinal) && key != "kernel.domainname")
            {
                throw BerthException.Invalid($"sysctl '{key}' is not allowed");
            }
        }
        return new SortedDictionary<string, string>(sysctls.ToDictionary(), StringComparer.Ordinal);
    }
}
