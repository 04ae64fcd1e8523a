using Berth.Oci;

namespace Berth.Runtime.Spec;

/// <summary>What <c>--security-opt</c> asks for, parsed with Docker's spellings (<c>key=value</c> or <c>key:value</c>).</summary>
internal sealed record SecurityOptions
{
    public bool NoNewPrivileges { get; init; }
    /// <summary>No seccomp filter at all (<c>seccomp=unconfined</c>).</summary>
    public bool SeccompUnconfined { get; init; }
    /// <summary>A profile file path, or the profile's JSON itself as the docker CLI sends it.</summary>
    public string? SeccompProfile { get; init; }
    /// <summary>No masked or read-only /proc and /sys paths (<c>systempaths=unconfined</c>).</summary>
    public bool SystemPathsUnconfined { get; init; }

    public static SecurityOptions Parse(IReadOnlyList<string>? options)
    {
        var result = new SecurityOptions();
        foreach (var option in options ?? [])
        {
            if (option == "no-new-privileges")
            {
                result = result with { NoNewPrivileges = true };
                continue;
            }
            var separator = option.IndexOfAny(['=', ':']);
            if (separator < 0) throw BerthException.Invalid($"invalid --security-opt 1: \"{option}\"");
            var key = option[..separator];
            var value = option[(separator + 1)..];
            result = key switch
            {
                "no-new-privileges" => result with { NoNewPrivileges = ParseBool(option, value) },
                "seccomp" when value == "unconfined" => result with { SeccompUnconfined = true, SeccompProfile = null },
                "seccomp" when value.Length > 0 => result with { SeccompUnconfined = false, SeccompProfile = value },
                "systempaths" when value == "unconfined" => result with { SystemPathsUnconfined = true },
                // Berth applies no LSM profile, so AppArmor and SELinux options change nothing, as on a Docker
                // host where those modules are off.
                "apparmor" or "label" => result,
                _ => throw BerthException.Invalid($"invalid --security-opt 2: \"{option}\""),
            };
        }
        return result;
    }

    private static bool ParseBool(string option, string value) => value switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => throw BerthException.Invalid($"invalid --security-opt 2: \"{option}\""),
    };
}
