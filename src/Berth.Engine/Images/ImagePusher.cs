using Berth.Images.Content;
using Berth.Images.References;
using Berth.Images.Store;
using Berth.Oci;
using Berth.Registry.Client;

namespace Berth.Engine.Images;

/// <summary>
/// <c>docker push</c>: uploads an image's layers (skipping those the registry has, mounting those it has in another
/// repository), then its config, then PUTs its manifest under the tag. Progress goes out as Docker's messages.
/// </summary>
public sealed class ImagePusher(ImageService images, ContentStore content, ImageStore store, BlobCollector collector, RegistryTransport registries, BlobSources sources)
{
    // Blobs above this go up in PATCH chunks, so a proxy's request-size limit never sees the whole blob.
    private const long ChunkSize = 64L * 1024 * 1024;
    private const long ProgressStep = 512 * 1024;

    public sealed record Request(ImageReference Reference, RegistryCredentials? Credentials);

    /// <summary>Pushes the reference's tag; with no tag, every tag of its repository (as Docker's API does).</summary>
    public async Task PushAsync(Request request, Action<ProgressUpdate> report, CancellationToken cancellationToken)
    {
        var reference = request.Reference;
        var tags = reference.Tag is { } tag
            ? [reference]
            : store.AllNames().SelectMany(n => n.Value).Select(ImageReference.Parse)
                .Where(n => n.Repository == reference.Repository && n.Tag is not null && n.Digest is null).OrderBy(n => n.Tag, StringComparer.Ordinal).ToList();
        if (tags.Count == 0) throw BerthException.NotFound($"An image does not exist locally with the tag: {reference.FamiliarRepository}");
        report(new ProgressUpdate(null, $"The push refers to repository [{reference.Repository}]"));
        var session = await registries.OpenAsync(reference.Domain, request.Credentials, cancellationToken);
        var repository = new RegistryRepository(session, reference.Path);
        using var lease = await collector.LeaseAsync(cancellationToken);
        foreach (var name in tags) await PushTagAsync(repository, name, report, cancellationToken);
    }

    private async Task PushTagAsync(RegistryRepository repository, ImageReference name, Action<ProgressUpdate> report, CancellationToken cancellationToken)
    {
        var image = await images.TryResolveAsync(name.ToString(), cancellationToken)
            ?? throw BerthException.NotFound($"An image does not exist locally with the tag: {name.FamiliarString}");
        var layers = image.Manifest.Layers;
        var diffIds = image.Config.RootFs?.DiffIds ?? [];
        // Docker lists layers top first, by their short diff ID.
        var rows = layers.Select((layer, i) => (Layer: layer, Id: (i < diffIds.Count && Digest.TryParse(diffIds[i], out var diff) ? diff : layer.ParsedDigest).Short))
            .Reverse().DistinctBy(r => r.Layer.Digest).ToList();
        foreach (var row in rows) report(new ProgressUpdate(row.Id, "Preparing"));
        using var slots = new SemaphoreSlim(Math.Max(1, registries.Options.MaxConcurrentUploads));
        if (rows.Count > slots.CurrentCount) foreach (var row in rows) report(new ProgressUpdate(row.Id, "Waiting"));
        await Task.WhenAll(rows.Select(async row =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                report(new ProgressUpdate(row.Id, await PushBlobAsync(repository, row.Layer, row.Id, report, cancellationToken)));
            }
            finally
            {
                slots.Release();
            }
        }));
        await PushBlobAsync(repository, image.Manifest.Config, null, null, cancellationToken);
        var manifestBytes = await content.ReadAllBytesAsync(image.Record.ManifestDigest, cancellationToken);
        var mediaType = image.Manifest.MediaType ?? MediaTypes.OciManifest;
        var digest = await repository.PutManifestAsync(name.Tag!, manifestBytes, mediaType, cancellationToken);
        report(new ProgressUpdate(null, $"{name.Tag}: digest: {digest} size: {manifestBytes.Length}"));
    }

    /// <summary>Uploads one blob unless the registry has it; returns the layer's final status line.</summary>
    private async Task<string> PushBlobAsync(RegistryRepository repository, Descriptor blob, string? id, Action<ProgressUpdate>? report, CancellationToken cancellationToken)
    {
        var digest = blob.ParsedDigest;
        var domain = repository.Session.Domain;
        if (await repository.BlobExistsAsync(digest, cancellationToken))
        {
            sources.Record(domain, digest, repository.Path);
            return "Layer already exists";
        }
        foreach (var from in await MountCandidatesAsync(domain, repository.Path, digest, cancellationToken))
        {
            if (!await repository.MountBlobAsync(digest, from, cancellationToken)) continue;
            sources.Record(domain, digest, repository.Path);
            return $"Mounted from {from}";
        }
        var size = content.SizeOf(digest);
        var lastReported = -ProgressStep;
        var progress = report is null || id is null ? null : new SyncProgress(sent =>
        {
            if (sent - lastReported < ProgressStep && sent < size) return;
            lastReported = sent;
            report(new ProgressUpdate(id, "Pushing", sent, size));
        });
        await repository.UploadBlobAsync(() => content.OpenRead(digest), digest, size, ChunkSize, progress, cancellationToken);
        sources.Record(domain, digest, repository.Path);
        return "Pushed";
    }

    /// <summary>Repositories of the same registry the blob is known to be in: where it was last seen, then local images' names.</summary>
    private async Task<List<string>> MountCandidatesAsync(string domain, string path, Digest digest, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string> { path };
        var candidates = new List<string>();
        if (sources.Find(domain, digest) is { } known && seen.Add(known)) candidates.Add(known);
        foreach (var image in await images.ListAsync(cancellationToken))
        {
            if (!image.Manifest.Layers.Any(l => l.ParsedDigest == digest)) continue;
            candidates.AddRange(image.Names.Where(n => n.Domain == domain && seen.Add(n.Path)).Select(n => n.Path));
        }
        return candidates;
    }

    /// <summary>Reports on the caller's thread, in order (<see cref="Progress{T}"/> posts to the thread pool).</summary>
    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
