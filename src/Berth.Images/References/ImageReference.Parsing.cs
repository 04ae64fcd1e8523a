using System.Diagnostics.CodeAnalysis;
using Berth.Oci;

namespace Berth.Images.References;

// Docker's ParseNormalizedNamed, step for step, with its error texts: clients show them to users as they are.
public sealed partial record ImageReference
{
    private const string LegacyDefaultDomain = "index.docker.io";
    private const string Localhost = "localhost";
    private const int MaxPathLength = 255;
    private const int Sha256HexLength = 64;
    private const string InvalidFormat = "invalid reference format";

    /// <summary>Parses a familiar or full reference; throws <see cref="BerthException"/> with Docker's message when it is invalid.</summary>
    public static ImageReference Parse(string value) =>
        TryParse(value, out var reference, out var error) ? reference : throw BerthException.Invalid(error);

    public static bool TryParse(string value, [NotNullWhen(true)] out ImageReference? reference) =>
        TryParse(value, out reference, out _);

    /// <summary>
    /// The name for API calls that pass a repository and a tag apart (<c>?repo=R&amp;tag=T</c>): the tag,
    /// when given, replaces any in <paramref name="repository"/>; without one a bare name gets <c>latest</c>.
    /// A digest in <paramref name="repository"/> is kept, for the caller to refuse where Docker does.
    /// </summary>
    public static ImageReference FromRepository(string repository, string? tag)
    {
        var reference = Parse(repository);
        return tag is null ? reference.WithDefaultTag() : reference.WithTag(tag);
    }

    private static bool TryParse(string value, [NotNullWhen(true)] out ImageReference? reference, [NotNullWhen(false)] out string? error)
    {
        reference = null;
        // A bare 64-hex string would shadow an image ID, so Docker refuses it as a name.
        if (Oci.Digest.IsLowerHex(value, Sha256HexLength))
        {
            error = $"invalid repository name ({value}), cannot specify 64-byte hexadecimal strings";
            return false;
        }
        var (domain, remainder) = SplitDomain(value);
        var tagSeparator = remainder.IndexOf(':');
        var remote = tagSeparator < 0 ? remainder : remainder[..tagSeparator];
        if (remote.ToLowerInvariant() != remote)
        {
            error = $"invalid reference format: repository name ({remote}) must be lowercase";
            return false;
        }

        // Docker's Parse also has an empty-name error and an uppercase retry; neither can fire here, as the
        // name always starts with a domain and every uppercase letter that could fail was caught above.
        var match = ReferenceGrammar.Reference().Match($"{domain}/{remainder}");
        if (!match.Success)
        {
            error = InvalidFormat;
            return false;
        }
        var name = ReferenceGrammar.Name().Match(match.Groups["name"].Value);
        var path = name.Groups["path"].Value;
        if (path.Length > MaxPathLength)
        {
            error = $"repository name must not be more than {MaxPathLength} characters";
            return false;
        }
        Digest? digest = null;
        if (match.Groups["digest"].Success)
        {
            if (!Oci.Digest.TryParse(match.Groups["digest"].Value, out var parsed))
            {
                error = DigestError(match.Groups["digest"].Value);
                return false;
            }
            digest = parsed;
        }
        var tag = match.Groups["tag"].Success ? match.Groups["tag"].Value : null;
        reference = new ImageReference(name.Groups["domain"].Value, path, tag, digest);
        error = null;
        return true;
    }

    /// <summary>
    /// Docker's splitDockerDomain: the first component is a registry only when it looks like one, and
    /// Docker Hub names get their canonical domain and, when official, <c>library/</c>.
    /// </summary>
    private static (string Domain, string Remainder) SplitDomain(string value)
    {
        var slash = value.IndexOf('/');
        // A single component is never a domain, so localhost:5000 is the image localhost tagged 5000.
        if (slash < 0) return (DefaultDomain, OfficialPrefix + value);
        var first = value[..slash];
        var rest = value[(slash + 1)..];
        var (domain, remainder) = first switch
        {
            Localhost => (first, rest),
            LegacyDefaultDomain => (DefaultDomain, rest),
            _ when first.AsSpan().ContainsAny('.', ':') => (first, rest),
            // Namespaces are lowercase, so an uppercase first component can only be meant as a host.
            _ when first.ToLowerInvariant() != first => (first, rest),
            _ => (DefaultDomain, value),
        };
        return domain == DefaultDomain && !remainder.Contains('/') ? (domain, OfficialPrefix + remainder) : (domain, remainder);
    }

    /// <summary>go-digest's verdicts, in Docker's words. Only sha256 is supported here; Docker also takes sha384 and sha512.</summary>
    private static string DigestError(string value)
    {
        var colon = value.IndexOf(':');
        var algorithm = value[..colon];
        if (algorithm == Oci.Digest.Sha256Algorithm)
            return value.Length - colon - 1 == Sha256HexLength ? "invalid checksum digest format" : "invalid checksum digest length";
        return algorithm.Any(char.IsAsciiLetterUpper) ? "invalid checksum digest format" : "unsupported digest algorithm";
    }
}
