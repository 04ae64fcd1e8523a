using Berth.Oci;

namespace Berth.Images.References;

/// <summary>
/// A Docker image reference, <c>[domain/]path[:tag][@digest]</c>, normalised the way Docker's
/// distribution/reference does it: <c>busybox</c> is <c>docker.io/library/busybox</c>. Equality is by
/// domain, path, tag and digest, so two spellings of one name compare equal once parsed.
/// </summary>
public sealed partial record ImageReference
{
    public const string DefaultDomain = "docker.io";
    public const string DefaultTag = "latest";
    private const string OfficialPrefix = "library/";

    private ImageReference(string domain, string path, string? tag, Digest? digest)
    {
        Domain = domain;
        Path = path;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>
    /// The registry, e.g. <c>docker.io</c> or <c>localhost:5000</c>. Empty only in Docker's own corner
    /// case of a first component that has a dot but is no host name (<c>a_b.c/d</c>): its parser then
    /// keeps the whole name as the path, and so does this one.
    /// </summary>
    public string Domain { get; }

    /// <summary>The repository path within the registry, e.g. <c>library/busybox</c>.</summary>
    public string Path { get; }

    public string? Tag { get; }

    public Digest? Digest { get; }

    /// <summary>The full repository name, e.g. <c>docker.io/library/busybox</c>.</summary>
    public string Repository => Domain.Length == 0 ? Path : $"{Domain}/{Path}";

    /// <summary>The repository as Docker shows it: without <c>docker.io/</c>, and without <c>library/</c> for official images.</summary>
    public string FamiliarRepository
    {
        get
        {
            if (Domain != DefaultDomain) return Repository;
            // Like Docker, only a single component after library/ is official: library/a/b stays as it is.
            return Path.StartsWith(OfficialPrefix, StringComparison.Ordinal) && !Path.AsSpan(OfficialPrefix.Length).Contains('/')
                ? Path[OfficialPrefix.Length..]
                : Path;
        }
    }

    /// <summary>The reference as Docker shows it, e.g. <c>busybox:latest</c>.</summary>
    public string FamiliarString => FamiliarRepository + Suffix;

    /// <summary>The fully normalised reference, e.g. <c>docker.io/library/busybox:latest</c>.</summary>
    public override string ToString() => Repository + Suffix;

    private string Suffix => (Tag is null ? "" : $":{Tag}") + (Digest is { } digest ? $"@{digest}" : "");

    /// <summary>Docker's TagNameOnly: a bare name means <c>:latest</c>; a tag or a digest is kept as it is.</summary>
    public ImageReference WithDefaultTag() => Tag is null && Digest is null ? new(Domain, Path, DefaultTag, null) : this;

    /// <summary>Replaces the tag, keeping any digest, as Docker's WithTag does.</summary>
    public ImageReference WithTag(string tag) =>
        ReferenceGrammar.Tag().IsMatch(tag) ? new(Domain, Path, tag, Digest) : throw BerthException.Invalid("invalid tag format");
}
