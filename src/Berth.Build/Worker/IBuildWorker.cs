using Berth.Oci;

namespace Berth.Build.Worker;

/// <summary>
/// What a build asks of the engine, as BuildKit's solver asks its worker: images from the store, writable
/// root filesystems over a list of layers (where RUN runs and COPY writes), and blobs for the states in
/// between. The builder decides what to do; the worker owns snapshots, runtimes and stores.
/// </summary>
public interface IBuildWorker
{
    /// <summary>The step cache: which state a step's cache key produced before.</summary>
    IBuildCache Cache { get; }

    /// <summary>
    /// The image <paramref name="reference"/> names, from the store (or a registry, with <paramref name="pull"/>, or when
    /// the stored one is not for <paramref name="platform"/>, FROM --platform's); null when there is none.
    /// </summary>
    Task<BuildImage?> FindImageAsync(string reference, string? platform, bool pull, CancellationToken cancellationToken);

    /// <summary>A state stored earlier by <see cref="StoreAsync"/>, found again through the cache.</summary>
    Task<BuildImage?> LoadAsync(Digest manifest, CancellationToken cancellationToken);

    /// <summary>Writes a state's config and manifest as blobs (its layers are blobs already).</summary>
    Task<BuildImage> StoreAsync(ImageConfig config, IReadOnlyList<Descriptor> layers, CancellationToken cancellationToken);

    /// <summary>A writable root filesystem holding <paramref name="image"/>'s layers; disposing it without a commit discards it.</summary>
    Task<IBuildRootfs> MountAsync(BuildImage image, CancellationToken cancellationToken);

    /// <summary>Makes <paramref name="image"/> an image of the store, with these names (may be none).</summary>
    Task TagAsync(BuildImage image, IReadOnlyList<string> names, CancellationToken cancellationToken);

    /// <summary>The host directory behind <c>RUN --mount=type=cache,id=ID</c>, made on first use; kept between builds.</summary>
    string CacheMountDirectory(string id);
}

/// <summary>A build state: an image config (with its rootfs and history) and the layers it names, stored as blobs.</summary>
/// <param name="Id">The config's digest: what the image ID would be.</param>
/// <param name="Manifest">The manifest's digest: what the cache keeps.</param>
public sealed record BuildImage(Digest Id, Digest Manifest, ImageConfig Config, IReadOnlyList<Descriptor> Layers);

/// <summary>Remembers which state each step's cache key produced.</summary>
public interface IBuildCache
{
    Digest? Find(string key);

    void Remember(string key, Digest manifest);
}
