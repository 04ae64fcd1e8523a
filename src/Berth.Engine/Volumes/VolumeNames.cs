using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Berth.Oci;

namespace Berth.Engine.Volumes;

/// <summary>Docker's local volume names: user names by its rule, anonymous ones 64 random hex digits.</summary>
public static partial class VolumeNames
{
    /// <summary>A name for a volume created without one, like a container id.</summary>
    public static string NewAnonymous() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <exception cref="BerthException">InvalidArgument with Docker's message when the name has other characters.</exception>
    public static string Validate(string name)
    {
        if (!Valid().IsMatch(name))
        {
            throw BerthException.Invalid(
                $"create {name}: \"{name}\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path");
        }
        return name;
    }

    // Docker's rule needs two characters at least, so "a" is refused as Docker refuses it.
    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]+$")]
    private static partial Regex Valid();
}
