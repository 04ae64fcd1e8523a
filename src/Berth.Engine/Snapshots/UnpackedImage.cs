using Berth.Oci;

namespace Berth.Engine.Snapshots;

/// <summary>
/// An image whose layers are committed snapshots. <paramref name="TopChainId"/> is the snapshot a
/// container's rootfs is prepared on (null for an image without layers: its rootfs starts empty).
/// </summary>
public sealed record UnpackedImage(Digest? TopChainId, IReadOnlyList<UnpackedLayer> Layers);

/// <summary>
/// One layer of an <see cref="UnpackedImage"/>, bottom first. <paramref name="Size"/> is the disk use of the
/// layer's own snapshot (what dockerd shows as a layer's size); <paramref name="Extracted"/> tells whether
/// this unpack wrote it or found it already there (docker's "Already exists").
/// </summary>
public sealed record UnpackedLayer(Digest ChainId, Digest DiffId, long Size, bool Extracted);
