using System.Text.Json;
using Berth.Engine.Snapshots;
using Berth.Images.Content;
using Berth.Images.References;
using Berth.Images.Store;
using Berth.Oci;
using Berth.Registry.Client;

namespace Berth.Engine.Images;

/// <summary>
/// <c>docker pull</c>: resolves the reference at its registry (an index narrowed to one platform), downloads the
/// config and the missing layers in parallel (resumable, shared with concurrent pulls, verified while they
/// arrive), unpacks them into the snapshotter and records the image under its name. Progress goes out as
/// Docker's messages.
/// </summary>
public sealed class ImagePuller(
    ContentStore content, ImageStore store, BlobCollector collector, RegistryTransport registries, SharedDownloads downloads,
    BlobSources sources, LayerUnpacker unpacker, TimeProvider clock)
{
    // Progress lines for one layer at most this often: every byte would flood the client.
    private const long ProgressStep = 512 * 1024;

    public sealed record Request(ImageReference Reference, PlatformSpec? Platform, RegistryCredentials? Credentials);

    /// <summary>Pulls one reference (with a tag or digest); returns the image ID.</summary>
    public async Task<Digest> PullAsync(Request request, Action<ProgressUpdate> report, CancellationToken cancellationToken)
    {
        var reference = request.Reference;
        var session = await registries.OpenAsync(reference.Domain, request.Credentials, cancellationToken);
        var repository = new RegistryRepository(session, reference.Path);
        // Nothing is reported before the manifest is found, so a wrong name is an HTTP error, as from dockerd.
        var top = await FetchManifestAsync(repository, reference, cancellationToken);
        report(new ProgressUpdate(reference.Digest?.ToString() ?? reference.Tag ?? ImageReference.DefaultTag, $"Pulling from {reference.Path}"));
        var platform = request.Platform ?? PlatformSpec.Host;
        var manifestResponse = top;
        if (top.IsIndex)
        {
            var chosen = platform.Select(top.ReadIndex())
                ?? throw BerthException.NotFound($"no matching manifest for {platform} in the manifest list entries");
            manifestResponse = await repository.GetManifestAsync(chosen, cancellationToken);
        }
        var manifest = manifestResponse.ReadManifest();
        if (!MediaTypes.IsConfig(manifest.Config.MediaType) || manifest.Layers.Any(l => !MediaTypes.IsLayer(l.MediaType)))
            throw BerthException.Invalid($"unsupported image: manifest {manifestResponse.Digest} is not a container image");

        var name = reference.Digest is null ? reference.WithDefaultTag() : reference;
        var id = manifest.Config.ParsedDigest;
        using var lease = await collector.LeaseAsync(cancellationToken);
        if (store.Get(id) is not null && manifest.Layers.All(l => content.Exists(l.ParsedDigest)) && store.Resolve(name.ToString()) == id)
        {
            report(new ProgressUpdate(null, $"Digest: {top.Digest}"));
            report(new ProgressUpdate(null, $"Status: Image is up to date for {name.FamiliarString}"));
            return id;
        }

        await DownloadAsync(repository, manifest.Config, null, cancellationToken);
        var config = await ImageDocuments.ReadConfigAsync(content, id, cancellationToken);
        if (request.Platform is { } asked && !top.IsIndex && !asked.Matches(config.Os, config.Architecture, config.Variant))
            throw BerthException.NotFound($"image with reference {name.FamiliarString} was found but does not match the specified platform: wanted {asked}, actual: {config.Os}/{config.Architecture}");
        // Download and unpack overlap: each layer is unpacked as soon as it is on disk (see LayerUnpacker).
        var ready = manifest.Layers.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        using var stopUnpacking = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var unpacking = unpacker.UnpackAsync(manifest, config, ready.Select(r => r.Task).ToList(), stopUnpacking.Token);
        IReadOnlyList<Descriptor> downloaded;
        try
        {
            downloaded = await DownloadLayersAsync(repository, manifest, digest => MarkReady(manifest, ready, digest), report, cancellationToken);
        }
        catch
        {
            await stopUnpacking.CancelAsync();
            await ((Task)unpacking).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }
        var unpacked = await unpacking;
        await content.WriteBytesAsync(manifestResponse.Content, manifestResponse.MediaType, cancellationToken);
        var now = clock.GetUtcNow();
        var names = new List<string> { name.ToString() };
        if (reference.Digest is null) names.Add($"{reference.Repository}@{top.Digest}");
        store.Commit(new ImageRecord(id, manifestResponse.Digest, unpacked.Layers.Sum(l => l.Size), config.Created ?? now, now), names);
        foreach (var layer in downloaded) report(new ProgressUpdate(layer.ParsedDigest.Short, "Pull complete"));
        report(new ProgressUpdate(null, $"Digest: {top.Digest}"));
        report(new ProgressUpdate(null, $"Status: Downloaded newer image for {name.FamiliarString}"));
        return id;
    }

    /// <summary><c>docker pull -a</c>: every tag of the repository, one after another.</summary>
    public async Task PullAllTagsAsync(Request request, Action<ProgressUpdate> report, CancellationToken cancellationToken)
    {
        var session = await registries.OpenAsync(request.Reference.Domain, request.Credentials, cancellationToken);
        var tags = await new RegistryRepository(session, request.Reference.Path).ListTagsAsync(cancellationToken);
        foreach (var tag in tags) await PullAsync(request with { Reference = request.Reference.WithTag(tag) }, report, cancellationToken);
    }

    /// <summary>The descriptor a name resolves to at its registry and the platforms it offers (<c>GET /distribution/…/json</c>).</summary>
    public async Task<(Descriptor Descriptor, IReadOnlyList<Platform> Platforms)> InspectAsync(ImageReference reference, RegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        var session = await registries.OpenAsync(reference.Domain, credentials, cancellationToken);
        var repository = new RegistryRepository(session, reference.Path);
        var top = await FetchManifestAsync(repository, reference, cancellationToken);
        if (top.IsIndex) return (top.Descriptor, top.ReadIndex().Manifests.Where(m => m.Platform is not null).Select(m => m.Platform!).ToList());
        var manifest = top.ReadManifest();
        var (response, _) = await repository.OpenBlobAsync(manifest.Config.ParsedDigest, 0, cancellationToken);
        using (response)
        {
            var config = JsonSerializer.Deserialize(await response.Content.ReadAsByteArrayAsync(cancellationToken), OciJsonContext.Default.ImageConfig);
            Platform[] platforms = config is null ? [] : [new Platform { Os = config.Os, Architecture = config.Architecture, Variant = config.Variant }];
            return (top.Descriptor, platforms);
        }
    }

    /// <summary>The reference's manifest, with Docker's wording when the registry does not have it or refuses it.</summary>
    private static async Task<ManifestResponse> FetchManifestAsync(RegistryRepository repository, ImageReference reference, CancellationToken cancellationToken)
    {
        var tagOrDigest = reference.Digest?.ToString() ?? reference.Tag ?? ImageReference.DefaultTag;
        try
        {
            return await repository.GetManifestAsync(tagOrDigest, cancellationToken);
        }
        catch (BerthException e) when (e.Kind == ErrorKind.NotFound)
        {
            var shown = reference.Digest is null ? reference.WithDefaultTag().ToString() : reference.ToString();
            throw BerthException.NotFound($"manifest for {shown} not found: {e.Message}");
        }
        catch (BerthException e) when (e.Kind == ErrorKind.Unauthorized)
        {
            throw new BerthException(ErrorKind.NotFound,
                $"pull access denied for {reference.FamiliarRepository}, repository does not exist or may require 'docker login': {e.Message}");
        }
    }

    private static void MarkReady(ImageManifest manifest, TaskCompletionSource[] ready, Digest digest)
    {
        for (var i = 0; i < ready.Length; i++) if (manifest.Layers[i].ParsedDigest == digest) ready[i].TrySetResult();
    }

    /// <summary>Downloads the layers not in the store yet, telling <paramref name="onReady"/> of each layer on disk; returns those it downloaded.</summary>
    private async Task<IReadOnlyList<Descriptor>> DownloadLayersAsync(RegistryRepository repository, ImageManifest manifest, Action<Digest> onReady,
        Action<ProgressUpdate> report, CancellationToken cancellationToken)
    {
        var missing = new List<Descriptor>();
        foreach (var layer in manifest.Layers.DistinctBy(l => l.Digest))
        {
            var id = layer.ParsedDigest.Short;
            if (content.Exists(layer.ParsedDigest))
            {
                onReady(layer.ParsedDigest);
                report(new ProgressUpdate(id, "Already exists"));
                sources.Record(repository.Session.Domain, layer.ParsedDigest, repository.Path);
                continue;
            }
            report(new ProgressUpdate(id, "Pulling fs layer"));
            missing.Add(layer);
        }
        using var slots = new SemaphoreSlim(Math.Max(1, registries.Options.MaxConcurrentDownloads));
        if (missing.Count > slots.CurrentCount) foreach (var layer in missing) report(new ProgressUpdate(layer.ParsedDigest.Short, "Waiting"));
        await Task.WhenAll(missing.Select(async layer =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                var id = layer.ParsedDigest.Short;
                var lastReported = -ProgressStep;
                await DownloadAsync(repository, layer, current =>
                {
                    if (current - Interlocked.Read(ref lastReported) < ProgressStep && current < layer.Size) return;
                    Interlocked.Exchange(ref lastReported, current);
                    report(new ProgressUpdate(id, "Downloading", current, layer.Size));
                }, cancellationToken);
                report(new ProgressUpdate(id, "Verifying Checksum"));
                report(new ProgressUpdate(id, "Download complete"));
                onReady(layer.ParsedDigest);
            }
            finally
            {
                slots.Release();
            }
        }));
        return missing;
    }

    private async Task DownloadAsync(RegistryRepository repository, Descriptor blob, Action<long>? progress, CancellationToken cancellationToken)
    {
        var digest = blob.ParsedDigest;
        if (!content.Exists(digest))
        {
            await downloads.JoinAsync(digest, (shared, token) => BlobDownloader.DownloadAsync(repository, content, blob, shared, token),
                progress ?? (_ => { }), cancellationToken);
        }
        sources.Record(repository.Session.Domain, digest, repository.Path);
    }
}
