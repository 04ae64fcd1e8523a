using System.Text.RegularExpressions;

namespace Berth.Registry.Server;

/// <summary>Repository names and tags as the distribution spec's grammar allows them.</summary>
internal static partial class RepositoryName
{
    // distribution limits the whole name to 255 characters (with the registry host, a reference must fit 255).
    private const int MaxLength = 255;

    public static bool IsValid(string name) => name.Length <= MaxLength && NamePattern().IsMatch(name);

    public static bool IsValidTag(string tag) => TagPattern().IsMatch(tag);

    public static void Validate(string name)
    {
        if (!IsValid(name)) throw new RegistryException(RegistryErrorCode.NameInvalid, $"invalid repository name \"{name}\"");
    }

    [GeneratedRegex(@"^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();
}
