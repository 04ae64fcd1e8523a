using Berth.Oci;

namespace Berth.Images.Store;

/// <summary>
/// One image as the store knows it. <see cref="Id"/> is the config digest (Docker's image ID);
/// <see cref="ManifestDigest"/> names the manifest blob that lists config and layers.
/// </summary>
public sealed record ImageRecord(Digest Id, Digest ManifestDigest, long Size, DateTimeOffset Created, DateTimeOffset AddedAt);
