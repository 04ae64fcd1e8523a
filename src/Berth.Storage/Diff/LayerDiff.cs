using Berth.Oci;

namespace Berth.Storage.Diff;

/// <summary>
/// A written layer diff: <paramref name="DiffId"/> is the sha256 of the uncompressed tar (an image's
/// <c>rootfs.diff_ids</c> entry), <paramref name="Size"/> its length in bytes; both measured while writing.
/// </summary>
public sealed record LayerDiff(Digest DiffId, long Size);
