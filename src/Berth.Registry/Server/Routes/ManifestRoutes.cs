using Berth.Oci;
using Berth.Registry.Server.Manifests;
using Microsoft.AspNetCore.Http;

namespace Berth.Registry.Server.Routes;

/// <summary><c>GET|HEAD|PUT|DELETE /v2/NAME/manifests/REFERENCE</c>, REFERENCE being a tag or a digest.</summary>
internal sealed class ManifestRoutes(RegistryServices services)
{
    // The spec asks registries to take manifests of at least 4 MiB; larger ones are refused with 413.
    private const int MaxManifestBytes = 4 << 20;
    private const string SubjectHeader = "OCI-Subject";

    public async Task GetAsync(HttpContext context, string name, string reference)
    {
        var digest = await ResolveAsync(name, reference, context.RequestAborted);
        var mediaType = await services.Repositories.ManifestMediaTypeAsync(name, digest, context.RequestAborted);
        if (mediaType is null || !services.Blobs.Exists(digest)) throw Unknown(reference);
        if (!Accepts(context.Request.Headers.Accept, mediaType))
            throw new RegistryException(RegistryErrorCode.ManifestUnknown, $"{mediaType} found, but the Accept header does not allow it");
        var content = await services.Blobs.ReadAllBytesAsync(digest, context.RequestAborted);
        var response = context.Response;
        response.ContentType = mediaType;
        response.ContentLength = content.Length;
        response.Headers[HttpResults.DigestHeader] = digest.ToString();
        response.Headers.ETag = $"\"{digest}\"";
        if (!HttpMethods.IsHead(context.Request.Method)) await response.Body.WriteAsync(content, context.RequestAborted);
    }

    public async Task PutAsync(HttpContext context, string name, string reference)
    {
        var (tag, expected) = ParseReference(reference);
        var content = await ReadBodyAsync(context);
        var digest = Digest.Compute(content);
        if (expected is { } want && want != digest)
            throw new RegistryException(RegistryErrorCode.DigestInvalid, $"manifest digest {digest} does not match {want}");
        var document = ManifestDocument.Parse(content, context.Request.ContentType);
        VerifyReferences(name, document);

        // Content first, then the links that make it visible: a crash between steps leaves no dangling link.
        await services.Blobs.WriteAsync(content, context.RequestAborted);
        await services.Repositories.LinkManifestAsync(name, digest, document.MediaType, context.RequestAborted);
        if (tag is not null) await services.Repositories.TagAsync(name, tag, digest, context.RequestAborted);
        if (document.Subject is { } subject)
        {
            await services.Repositories.AddReferrerAsync(name, subject.Digest, new ReferrerDescriptor
            {
                MediaType = document.MediaType,
                Digest = digest.ToString(),
                Size = content.Length,
                ArtifactType = document.EffectiveArtifactType,
                Annotations = document.Annotations,
            }, context.RequestAborted);
            context.Response.Headers[SubjectHeader] = subject.Digest.ToString();
        }
        context.Response.Headers.Location = $"/v2/{name}/manifests/{digest}";
        context.Response.Headers[HttpResults.DigestHeader] = digest.ToString();
        HttpResults.Empty(context, StatusCodes.Status201Created);
    }

    public async Task DeleteAsync(HttpContext context, string name, string reference)
    {
        if (!services.DeleteEnabled) throw new RegistryException(RegistryErrorCode.Unsupported, "deletes are disabled on this registry");
        var (tag, digest) = ParseReference(reference);
        if (tag is not null)
        {
            if (!services.Repositories.Untag(name, tag)) throw Unknown(reference);
        }
        else
        {
            var revision = digest!.Value;
            var mediaType = await services.Repositories.ManifestMediaTypeAsync(name, revision, context.RequestAborted) ?? throw Unknown(reference);
            if (services.Blobs.Exists(revision))
            {
                var document = ManifestDocument.Parse(await services.Blobs.ReadAllBytesAsync(revision, context.RequestAborted), mediaType);
                if (document.Subject is { } subject) services.Repositories.RemoveReferrer(name, subject.Digest, revision);
            }
            await services.Repositories.UntagDigestAsync(name, revision, context.RequestAborted);
            services.Repositories.UnlinkManifest(name, revision);
        }
        HttpResults.Empty(context, StatusCodes.Status202Accepted);
    }

    /// <summary>
    /// Every blob an image manifest names must be in this repository, and every manifest an index names too;
    /// the subject need not be (the spec lets referrers arrive before their subject).
    /// </summary>
    private void VerifyReferences(string name, ManifestDocument document)
    {
        foreach (var blob in document.Blobs.Where(b => !b.Foreign))
        {
            if (!services.Repositories.HasBlob(name, blob.Digest) || !services.Blobs.Exists(blob.Digest))
                throw new RegistryException(RegistryErrorCode.ManifestBlobUnknown, blob.Digest.ToString());
        }
        foreach (var manifest in document.Manifests)
        {
            if (!services.Repositories.HasManifest(name, manifest.Digest))
                throw new RegistryException(RegistryErrorCode.ManifestBlobUnknown, manifest.Digest.ToString());
        }
    }

    private async Task<Digest> ResolveAsync(string name, string reference, CancellationToken cancellationToken)
    {
        var (tag, digest) = ParseReference(reference);
        if (digest is { } byDigest) return byDigest;
        return await services.Repositories.ResolveTagAsync(name, tag!, cancellationToken) ?? throw Unknown(reference);
    }

    private static (string? Tag, Digest? Digest) ParseReference(string reference)
    {
        if (reference.Contains(':')) return (null, HttpResults.ParseDigest(reference));
        if (!RepositoryName.IsValidTag(reference)) throw new RegistryException(RegistryErrorCode.TagInvalid, $"invalid tag \"{reference}\"");
        return (reference, null);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxManifestBytes) throw TooLarge();
        using var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxManifestBytes) throw TooLarge();
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>No Accept header, a wildcard, or the manifest's own type: distribution serves it as stored.</summary>
    private static bool Accepts(Microsoft.Extensions.Primitives.StringValues accept, string mediaType)
    {
        var types = accept.SelectMany(value => (value ?? "").Split(',')).Select(ManifestDocument.BareMediaType).Where(t => !string.IsNullOrEmpty(t)).ToList();
        return types.Count == 0 || types.Any(t => t == mediaType || t == "*/*" || t == "application/*");
    }

    private static RegistryException TooLarge() =>
        new(RegistryErrorCode.SizeInvalid, $"manifests are limited to {MaxManifestBytes} bytes", StatusCodes.Status413PayloadTooLarge);

    private static RegistryException Unknown(string reference) => new(RegistryErrorCode.ManifestUnknown, reference);
}
