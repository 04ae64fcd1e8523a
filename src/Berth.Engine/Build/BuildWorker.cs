using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Berth.Build;
using Berth.Build.Worker;
using Berth.Engine.Containers;
using Berth.Engine.Images;
using Berth.Engine.Snapshots;
using Berth.Images.References;
using Berth.Images.Store;
using Berth.Oci;
using Berth.Registry.Client;
using Berth.Storage.Mounting;
using Berth.Storage.Snapshots;

namespace Berth.Engine.Build;

/// <summary>
/// The engine side of a build (<see cref="IBuildWorker"/>): base images from the image store, states as blobs in
/// the content store, root filesystems as overlay snapshots over the unpacked layers, RUN through the daemon's
/// default runtime. Each step's layer is committed as a snapshot named by its chain ID, so the next step (and a
/// container of the built image) starts on it without unpacking anything.
/// </summary>
/// <param name="root">Where the build keeps its scratch directories (bundles, mount points) and cache mounts.</param>
public sealed class BuildWorker(
    ImageService images, ImagePuller puller, LayerUnpacker unpacker, ILayerSnapshotter snapshotter, IMounter mounter, ContainerRuntimes runtimes,
    KeyedLock<Digest> locks, BuildCacheStore cache, string root) : IBuildWorker
{
    public IBuildCache Cache => cache;

    public string ScratchRoot { get; } = Path.Join(root, "scratch");

    /// <summary>Where each build's context is unpacked, for as long as the build runs.</summary>
    public string ContextRoot { get; } = Path.Join(root, "contexts");

    private string CacheMountRoot => Path.Join(root, "cache-mounts");

    /// <summary>
    /// The local image, pulled first when missing, when the build asks (<c>--pull</c>), or when it is for another platform
    /// than FROM --platform's, as dockerd's builder does.
    /// </summary>
    public async Task<BuildImage?> FindImageAsync(string reference, string? platform, bool pull, CancellationToken cancellationToken)
    {
        PlatformSpec? wanted;
        try
        {
            wanted = platform is null ? null : PlatformSpec.Parse(platform);
        }
        catch (BerthException e)
        {
            throw new BuildFailedException($"failed to parse platform {platform}: {e.Message}", 1, e);
        }
        var image = pull ? null : await images.TryResolveAsync(reference, cancellationToken);
        var other = image is not null && wanted is not null && !wanted.Matches(image.Config.Os, image.Config.Architecture, image.Config.Variant) ? image : null;
        if ((image is null || other is not null) && ImageReference.TryParse(reference, out var parsed))
        {
            try
            {
                var id = await puller.PullAsync(new ImagePuller.Request(parsed.Digest is null ? parsed.WithDefaultTag() : parsed, wanted, null), _ => { }, cancellationToken);
                image = await images.TryResolveAsync(id.ToString(), cancellationToken);
            }
            catch (BerthException e) when (other is not null)
            {
                var actual = other.Config.Variant is { Length: > 0 } v ? $"{other.Config.Os}/{other.Config.Architecture}/{v}" : $"{other.Config.Os}/{other.Config.Architecture}";
                throw new BuildFailedException($"image with reference {reference} was found but does not match the specified platform: wanted {wanted}, actual: {actual}", 1, e);
            }
            catch (BerthException e)
            {
                throw new BuildFailedException($"failed to pull {reference}: {e.Message}", 1, e);
            }
        }
        return image is null ? null : new BuildImage(image.Id, image.Record.ManifestDigest, image.Config, image.Manifest.Layers);
    }

    public async Task<BuildImage?> LoadAsync(Digest manifest, CancellationToken cancellationToken)
    {
        var content = images.Content;
        if (!content.Exists(manifest)) return null;
        var document = await ImageDocuments.ReadManifestAsync(content, manifest, cancellationToken);
        var configDigest = document.Config.ParsedDigest;
        if (!content.Exists(configDigest) || document.Layers.Any(l => !content.Exists(l.ParsedDigest))) return null;
        var config = await ImageDocuments.ReadConfigAsync(content, configDigest, cancellationToken);
        return new BuildImage(configDigest, manifest, config, document.Layers);
    }

    public async Task<BuildImage> StoreAsync(ImageConfig config, IReadOnlyList<Descriptor> layers, CancellationToken cancellationToken)
    {
        var content = images.Content;
        var configDescriptor = await content.WriteBytesAsync(JsonSerializer.SerializeToUtf8Bytes(config, OciJson.Writer.ImageConfig), MediaTypes.OciConfig, cancellationToken);
        var manifest = new ImageManifest { MediaType = MediaTypes.OciManifest, Config = configDescriptor, Layers = [.. layers] };
        var manifestDescriptor = await content.WriteBytesAsync(JsonSerializer.SerializeToUtf8Bytes(manifest, OciJson.Writer.ImageManifest), MediaTypes.OciManifest, cancellationToken);
        return new BuildImage(configDescriptor.ParsedDigest, manifestDescriptor.ParsedDigest, config, layers);
    }

    public async Task<IBuildRootfs> MountAsync(BuildImage image, CancellationToken cancellationToken)
    {
        var manifest = new ImageManifest { MediaType = MediaTypes.OciManifest, Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = image.Id.ToString(), Size = images.Content.SizeOf(image.Id) }, Layers = [.. image.Layers] };
        var unpacked = await unpacker.UnpackAsync(manifest, image.Config, cancellationToken);
        var key = $"build-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}";
        var directory = Path.Join(ScratchRoot, key);
        Directory.CreateDirectory(Path.Join(directory, "rootfs"));
        var rootfs = new BuildRootfs(key, directory, unpacked.TopChainId, images.Content, snapshotter, mounter, runtimes.Get(runtimes.DefaultName).Runtime, locks);
        try
        {
            await rootfs.MountAsync(cancellationToken);
            return rootfs;
        }
        catch
        {
            await rootfs.DisposeAsync();
            throw;
        }
    }

    public Task TagAsync(BuildImage image, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var size = image.Layers.Sum(l => l.Size);
        images.Store.Commit(new ImageRecord(image.Id, image.Manifest, size, image.Config.Created ?? now, now),
            names.Select(n => ImageReference.Parse(n).WithDefaultTag().ToString()));
        return Task.CompletedTask;
    }

    public string CacheMountDirectory(string id)
    {
        // Ids are the user's words: hashed, they are safe as a directory name.
        var directory = Path.Join(CacheMountRoot, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id))));
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>Empties every RUN --mount=type=cache directory (builder prune); returns the bytes they held.</summary>
    public long ClearCacheMounts()
    {
        if (!Directory.Exists(CacheMountRoot)) return 0;
        var bytes = new DirectoryInfo(CacheMountRoot).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        Directory.Delete(CacheMountRoot, recursive: true);
        return bytes;
    }

    /// <summary>Clears scratch a build interrupted by a crash left: mounts first, then the active snapshots and directories.</summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        if (Directory.Exists(ScratchRoot))
        {
            foreach (var directory in Directory.EnumerateDirectories(ScratchRoot))
            {
                await mounter.UnmountAsync(Path.Join(directory, "rootfs"), cancellationToken);
                Directory.Delete(directory, recursive: true);
            }
        }
        if (Directory.Exists(ContextRoot)) Directory.Delete(ContextRoot, recursive: true);
        await foreach (var info in snapshotter.WalkAsync(cancellationToken))
        {
            if (info.Name.StartsWith("build-", StringComparison.Ordinal) && info.Kind == SnapshotKind.Active)
                await snapshotter.RemoveAsync(info.Name, cancellationToken);
        }
    }
}
