using Berth.Oci;
using Berth.Registry.Server.Auth;
using Berth.Registry.Server.Storage;
using Microsoft.AspNetCore.Http;

namespace Berth.Registry.Server.Routes;

/// <summary>
/// Blob uploads, all the ways the spec allows: monolithic POST with <c>?digest=</c>; POST then PUT; POST, PATCH
/// chunks (each must start where the upload ends: <c>Content-Range</c>, else 416), then PUT with <c>?digest=</c>;
/// a cross-repository mount (<c>?mount=&amp;from=</c>); GET for the upload's progress; DELETE to cancel.
/// </summary>
internal sealed class UploadRoutes(RegistryServices services)
{
    public async Task StartAsync(HttpContext context, string name)
    {
        var query = context.Request.Query;
        if (query.ContainsKey("mount") && await TryMountAsync(context, name, query["mount"], query["from"])) return;
        if (query.ContainsKey("digest"))
        {
            var digest = HttpResults.ParseDigest(query["digest"]);
            var upload = await services.Uploads.StartAsync(name, context.RequestAborted);
            await AppendAsync(context, upload);
            await CompleteAsync(context, name, upload, digest);
            return;
        }
        var session = await services.Uploads.StartAsync(name, context.RequestAborted);
        SetProgress(context, name, session);
        HttpResults.Empty(context, StatusCodes.Status202Accepted);
    }

    public async Task StatusAsync(HttpContext context, string name, string id)
    {
        var session = await services.Uploads.OpenAsync(name, id, context.RequestAborted);
        SetProgress(context, name, session);
        HttpResults.Empty(context, StatusCodes.Status204NoContent);
    }

    public async Task PatchAsync(HttpContext context, string name, string id)
    {
        var session = await services.Uploads.OpenAsync(name, id, context.RequestAborted);
        await session.Gate.WaitAsync(context.RequestAborted);
        try
        {
            await AppendAsync(context, session);
            SetProgress(context, name, session);
            HttpResults.Empty(context, StatusCodes.Status202Accepted);
        }
        finally
        {
            session.Gate.Release();
        }
    }

    public async Task FinishAsync(HttpContext context, string name, string id)
    {
        var digest = HttpResults.ParseDigest(context.Request.Query["digest"]);
        var session = await services.Uploads.OpenAsync(name, id, context.RequestAborted);
        await session.Gate.WaitAsync(context.RequestAborted);
        try
        {
            await AppendAsync(context, session);
        }
        finally
        {
            session.Gate.Release();
        }
        await CompleteAsync(context, name, session, digest);
    }

    public async Task CancelAsync(HttpContext context, string name, string id)
    {
        var session = await services.Uploads.OpenAsync(name, id, context.RequestAborted);
        services.Uploads.Cancel(session);
        HttpResults.Empty(context, StatusCodes.Status204NoContent);
    }

    private async Task<bool> TryMountAsync(HttpContext context, string name, string? mount, string? from)
    {
        var digest = HttpResults.ParseDigest(mount);
        // Without a source, or one the client may not read, or one without the blob, the spec's answer is a
        // plain upload session (202): the client then pushes the bytes.
        if (from is null || !RepositoryName.IsValid(from)) return false;
        if (!services.Gate.Check(context, [Scope.Repository(from, Scope.Pull)])) return false;
        if (!services.Repositories.HasBlob(from, digest) || !services.Blobs.Exists(digest)) return false;
        await services.Repositories.LinkBlobAsync(name, digest, context.RequestAborted);
        Created(context, name, digest);
        return true;
    }

    /// <summary>
    /// Appends the request body, after checking its Content-Range (when given) starts at the upload's end. A body
    /// cut off midway leaves the bytes that did arrive; the session is re-read from disk on its next use.
    /// </summary>
    private async Task AppendAsync(HttpContext context, UploadSession session)
    {
        if (context.Request.Headers.ContentRange.ToString() is { Length: > 0 } header)
        {
            var (start, end) = ParseContentRange(header);
            if (start != session.Size)
            {
                SetProgress(context, session.Repository, session);
                throw new RegistryException(RegistryErrorCode.BlobUploadInvalid,
                    $"chunk starts at {start} but the upload has {session.Size} bytes", StatusCodes.Status416RangeNotSatisfiable);
            }
            if (context.Request.ContentLength is { } length && length != end - start + 1)
                throw new RegistryException(RegistryErrorCode.SizeInvalid, $"Content-Range {header} does not match Content-Length {length}");
        }
        try
        {
            await session.AppendAsync(context.Request.Body, context.RequestAborted);
        }
        catch
        {
            services.Uploads.Forget(session);
            throw;
        }
    }

    private async Task CompleteAsync(HttpContext context, string name, UploadSession session, Digest digest)
    {
        services.Uploads.Complete(session, digest);
        await services.Repositories.LinkBlobAsync(name, digest, context.RequestAborted);
        Created(context, name, digest);
    }

    private static void Created(HttpContext context, string name, Digest digest)
    {
        context.Response.Headers.Location = HttpResults.BlobLocation(name, digest);
        context.Response.Headers[HttpResults.DigestHeader] = digest.ToString();
        HttpResults.Empty(context, StatusCodes.Status201Created);
    }

    /// <summary>Location, Range (<c>0-LAST</c>, "0-0" when empty, as distribution says it) and the upload's UUID.</summary>
    private static void SetProgress(HttpContext context, string name, UploadSession session)
    {
        var headers = context.Response.Headers;
        headers.Location = $"/v2/{name}/blobs/uploads/{session.Id}";
        headers.Range = $"0-{Math.Max(session.Size - 1, 0)}";
        headers[HttpResults.UploadUuidHeader] = session.Id;
    }

    /// <summary>The spec's <c>Content-Range: START-END</c> (inclusive); the RFC form <c>bytes START-END/*</c> is accepted too.</summary>
    private static (long Start, long End) ParseContentRange(string header)
    {
        var value = header.StartsWith("bytes ", StringComparison.OrdinalIgnoreCase) ? header[6..] : header;
        var slash = value.IndexOf('/');
        if (slash >= 0) value = value[..slash];
        var dash = value.IndexOf('-');
        if (dash > 0 && long.TryParse(value[..dash], out var start) && long.TryParse(value[(dash + 1)..], out var end) && start >= 0 && end >= start)
            return (start, end);
        throw new RegistryException(RegistryErrorCode.BlobUploadInvalid, $"invalid Content-Range \"{header}\"", StatusCodes.Status416RangeNotSatisfiable);
    }
}
