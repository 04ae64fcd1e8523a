using Berth.Images.References;
using Berth.Oci;

namespace Berth.Images.Archive;

/// <summary>
/// One image found in a loaded archive, with all its blobs verified and in the content store.
/// <see cref="Size"/> is the uncompressed size of its layers; <see cref="Created"/> is the config's
/// <c>created</c>, or the default value (Go's zero time, as Docker shows it) when the config has none.
/// </summary>
public sealed record LoadedImage(Digest ManifestDigest, Digest ConfigDigest, long Size, DateTimeOffset Created, IReadOnlyList<ImageReference> Names);
