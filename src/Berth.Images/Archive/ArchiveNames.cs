using Berth.Images.References;
using Berth.Oci;

namespace Berth.Images.Archive;

/// <summary>The image names an archive records, in manifest.json or in index.json annotations.</summary>
internal static class ArchiveNames
{
    /// <summary>containerd's annotation, and Docker's since 25: the full reference.</summary>
    public const string ImageNameAnnotation = "io.containerd.image.name";

    /// <summary>The OCI annotation: a tag by the spec, though skopeo and podman store whole references in it.</summary>
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    /// <summary>A RepoTags entry, which Docker requires to be a name with a tag.</summary>
    public static ImageReference FromRepoTag(string repoTag) =>
        ImageReference.TryParse(repoTag, out var reference) && reference is { Tag: not null, Digest: null }
            ? reference
            : throw BerthException.Invalid($"invalid archive: invalid tag \"{repoTag}\" in {ArchivePaths.Manifest}");

    /// <summary>
    /// The name an index.json descriptor carries, if any. A ref.name without <c>/</c>, <c>:</c> or
    /// <c>@</c> is a bare tag (umoci writes <c>latest</c>) with no repository to attach it to, so, as in
    /// containerd's importer, it names nothing. Names that do not parse are metadata of other tools and
    /// are dropped rather than failing the load.
    /// </summary>
    public static ImageReference? FromAnnotations(IReadOnlyDictionary<string, string>? annotations)
    {
        if (annotations is null) return null;
        if (!annotations.TryGetValue(ImageNameAnnotation, out var name)
            && (!annotations.TryGetValue(RefNameAnnotation, out name) || name.IndexOfAny(['/', ':', '@']) < 0))
        {
            return null;
        }
        return ImageReference.TryParse(name, out var reference) && reference.Digest is null ? reference.WithDefaultTag() : null;
    }
}
