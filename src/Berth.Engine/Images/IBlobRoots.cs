using Berth.Oci;

namespace Berth.Engine.Images;

/// <summary>Manifests that keep their blobs (config, layers) alive besides the images': the build cache's states.</summary>
public interface IBlobRoots
{
    IReadOnlyList<Digest> Manifests();
}
