using System.Globalization;
using Berth.Oci;
using Berth.Oci.Runtime;

namespace Berth.Runtime.Spec.Seccomp;

/// <summary>
/// Decides a profile's conditional rules for one container, producing the plain filter the runtime
/// installs. Conditions are decided here, not in the runtime, so that <c>--cap-add SYS_PTRACE</c> also
/// opens the syscalls that capability is for.
/// </summary>
internal static class SeccompResolver
{
    /// <summary>Seccomp's names for the architectures of Go's names, as archMap entries are keyed.</summary>
    private static readonly Dictionary<string, string> ScmpArchitectures = new(StringComparer.Ordinal)
    {
        ["amd64"] = "SCMP_ARCH_X86_64",
        ["386"] = "SCMP_ARCH_X86",
        ["arm64"] = "SCMP_ARCH_AARCH64",
        ["arm"] = "SCMP_ARCH_ARM",
        ["ppc64le"] = "SCMP_ARCH_PPC64LE",
        ["s390x"] = "SCMP_ARCH_S390X",
        ["riscv64"] = "SCMP_ARCH_RISCV64",
    };

    public static LinuxSeccomp Resolve(SeccompProfile profile, SeccompTarget target)
    {
        if (string.IsNullOrEmpty(profile.DefaultAction)) throw Invalid("defaultAction is required");
        if (profile.Architectures is { Count: > 0 } && profile.ArchMap is { Count: > 0 })
        {
            throw Invalid("use either 'architectures' or 'archMap'");
        }
        var caps = target.Capabilities.Select(c => c.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        return new LinuxSeccomp
        {
            DefaultAction = profile.DefaultAction,
            DefaultErrnoRet = profile.DefaultErrnoRet,
            Architectures = Architectures(profile, target.Architecture),
            Flags = profile.Flags,
            ListenerPath = profile.ListenerPath,
            ListenerMetadata = profile.ListenerMetadata,
            Syscalls = [.. (profile.Syscalls ?? []).Where(r => Applies(r, caps, target)).Select(ToSyscall)],
        };
    }

    private static List<string>? Architectures(SeccompProfile profile, string hostArchitecture)
    {
        var result = new List<string>(profile.Architectures ?? []);
        if (ScmpArchitectures.TryGetValue(hostArchitecture, out var scmp)
            && profile.ArchMap?.FirstOrDefault(a => a.Architecture == scmp) is { } entry)
        {
            result.Add(entry.Architecture);
            result.AddRange(entry.SubArchitectures ?? []);
        }
        // No list at all lets the runtime use the native architecture only.
        return result.Count > 0 ? result : null;
    }

    private static bool Applies(SeccompRule rule, HashSet<string> caps, SeccompTarget target)
    {
        if (rule.Includes is { } include)
        {
            if (include.Arches is { Count: > 0 } arches && !arches.Contains(target.Architecture)) return false;
            if (include.Caps is { Count: > 0 } needed && !needed.All(c => caps.Contains(c.ToUpperInvariant()))) return false;
            if (include.MinKernel is { Length: > 0 } min && target.KernelVersion < ParseKernel(min)) return false;
        }
        if (rule.Excludes is { } exclude)
        {
            if (exclude.Arches is { Count: > 0 } arches && arches.Contains(target.Architecture)) return false;
            if (exclude.Caps is { Count: > 0 } excluded && excluded.Any(c => caps.Contains(c.ToUpperInvariant()))) return false;
            if (exclude.MinKernel is { Length: > 0 }) throw Invalid("minKernel is not supported in excludes");
        }
        return true;
    }

    private static LinuxSyscall ToSyscall(SeccompRule rule)
    {
        if (rule.Name is { Length: > 0 } && rule.Names is { Count: > 0 }) throw Invalid("use either 'name' or 'names'");
        IReadOnlyList<string> names = rule.Names is { Count: > 0 } list ? list
            : rule.Name is { Length: > 0 } name ? [name]
            : throw Invalid("a syscall rule has no names");
        return new LinuxSyscall { Names = names, Action = rule.Action, ErrnoRet = rule.ErrnoRet, Args = rule.Args is { Count: > 0 } ? rule.Args : null };
    }

    private static Version ParseKernel(string text)
    {
        var parts = text.Split('.');
        if (parts.Length < 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            throw Invalid($"invalid kernel version \"{text}\": expected major.minor");
        }
        return new Version(major, minor);
    }

    private static BerthException Invalid(string message) => BerthException.Invalid("invalid seccomp profile: " + message);
}
