using Berth.Oci;

namespace Berth.Images.Archive;

/// <summary>The documents <c>docker save</c> (Docker 25+) writes beside the blobs.</summary>
internal static class SaveDocuments
{
    /// <summary>
    /// The OCI index: one descriptor per name, annotated with the full reference and the tag as Docker
    /// does, and one bare descriptor for an image saved without a name.
    /// </summary>
    public static ImageIndex Index(IReadOnlyList<SavedImage> images) => new()
    {
        MediaType = MediaTypes.OciIndex,
        Manifests = images.SelectMany(image => image.Names.Count == 0
            ? [image.Manifest]
            : image.Names.Select(name => image.Manifest with
            {
                Annotations = new()
                {
                    [ArchiveNames.ImageNameAnnotation] = name.ToString(),
                    [ArchiveNames.RefNameAnnotation] = name.Tag!,
                },
            })).ToList(),
    };

    /// <summary>The docker-archive manifest, for loaders that predate the OCI layout.</summary>
    public static List<ArchiveManifestEntry> Manifest(IReadOnlyList<SavedImage> images) =>
        images.Select(image => new ArchiveManifestEntry
        {
            Config = ArchivePaths.Blob(image.Config),
            RepoTags = image.Names.Count == 0 ? null : image.Names.Select(name => name.FamiliarString).ToList(),
            Layers = image.Layers.Select(ArchivePaths.Blob).ToList(),
        }).ToList();

    /// <summary>The legacy <c>repositories</c> file: familiar repository, then tag, to the top layer's blob.</summary>
    public static SortedDictionary<string, SortedDictionary<string, string>> Repositories(IReadOnlyList<SavedImage> images)
    {
        var repositories = new SortedDictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var image in images.Where(image => image.Layers.Count > 0))
        {
            foreach (var name in image.Names)
            {
                if (!repositories.TryGetValue(name.FamiliarRepository, out var tags))
                {
                    tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
                    repositories.Add(name.FamiliarRepository, tags);
                }
                tags[name.Tag!] = image.Layers[^1].Hex;
            }
        }
        return repositories;
    }
}
