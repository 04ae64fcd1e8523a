using Berth.Images.References;
using Berth.Oci;

namespace Berth.Images.Archive;

/// <summary>
/// One image to save: its manifest and the names to record for it. Names without a tag get
/// <c>latest</c>; names that carry a digest are left out, as Docker leaves them out of RepoTags.
/// </summary>
public sealed record SaveItem(Digest ManifestDigest, IReadOnlyList<ImageReference> Names);
