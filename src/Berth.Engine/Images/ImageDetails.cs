using Berth.Images.References;
using Berth.Images.Store;
using Berth.Oci;

namespace Berth.Engine.Images;

/// <summary>An image with its parsed manifest and config and the names that point at it.</summary>
public sealed record ImageDetails(ImageRecord Record, ImageManifest Manifest, ImageConfig Config, IReadOnlyList<ImageReference> Names)
{
    public Digest Id => Record.Id;
    public bool IsDangling => Tags.Count == 0;

    /// <summary>The names with a tag (<c>RepoTags</c>).</summary>
    public IReadOnlyList<ImageReference> Tags => [.. Names.Where(n => n.Digest is null)];

    /// <summary>The <c>repository@digest</c> names a pull recorded (<c>RepoDigests</c>).</summary>
    public IReadOnlyList<ImageReference> RepoDigests => [.. Names.Where(n => n.Digest is not null)];
}

/// <summary>One line of what <c>rmi</c> and <c>prune</c> did: a name removed, or an image deleted.</summary>
public sealed record ImageDeletion(string? Untagged, Digest? Deleted);

/// <summary>One row of <c>history</c>, newest first.</summary>
public sealed record ImageHistoryRow(Digest? Id, DateTimeOffset? Created, string CreatedBy, IReadOnlyList<string> Tags, long Size, string Comment);
