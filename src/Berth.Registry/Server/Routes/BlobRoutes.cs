using Berth.Oci;
using Microsoft.AspNetCore.Http;

namespace Berth.Registry.Server.Routes;

/// <summary><c>GET|HEAD|DELETE /v2/NAME/blobs/DIGEST</c>.</summary>
internal sealed class BlobRoutes(RegistryServices services)
{
    public async Task GetAsync(HttpContext context, string name, string reference)
    {
        var digest = HttpResults.ParseDigest(reference);
        if (!IsVisible(name, digest)) throw Unknown(digest);
        var path = services.Blobs.PathOf(digest);
        long length;
        try
        {
            length = new FileInfo(path).Length;
        }
        catch (FileNotFoundException)
        {
            throw Unknown(digest);
        }
        var response = context.Response;
        response.Headers[HttpResults.DigestHeader] = digest.ToString();
        response.Headers.ETag = $"\"{digest}\"";
        response.Headers.AcceptRanges = "bytes";
        // Content by digest never changes: caches may keep it as long as they like.
        response.Headers.CacheControl = "max-age=31536000";
        response.ContentType = "application/octet-stream";
        ByteRange? range;
        try
        {
            range = ByteRange.Parse(context.Request.Headers.Range, length);
        }
        catch (ByteRange.UnsatisfiableException)
        {
            response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
            response.Headers.ContentRange = $"bytes */{length}";
            response.ContentLength = 0;
            return;
        }
        var (offset, count) = range is { } r ? (r.Start, r.Length) : (0L, length);
        if (range is { } partial)
        {
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = $"bytes {partial.Start}-{partial.End}/{length}";
        }
        response.ContentLength = count;
        if (HttpMethods.IsHead(context.Request.Method)) return;
        await CopyFileAsync(path, offset, count, response, context.RequestAborted);
    }

    // Kestrel's SendFileAsync has no sendfile(2) and copies in 16 KiB async reads, a flush each; large reads from the
    // page cache with fewer, larger writes serve a layer several times faster on a busy machine.
    private const int CopyChunk = 1 << 20;

    private static async Task CopyFileAsync(string path, long offset, long count, HttpResponse response, CancellationToken cancellationToken)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent((int)Math.Min(CopyChunk, Math.Max(count, 1)));
        try
        {
            while (count > 0)
            {
                var read = RandomAccess.Read(file, buffer.AsSpan(0, (int)Math.Min(buffer.Length, count)), offset);
                if (read == 0) throw new IOException($"{path} ended {count} bytes early");
                await response.Body.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                offset += read;
                count -= read;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public Task DeleteAsync(HttpContext context, string name, string reference)
    {
        if (!services.DeleteEnabled) throw new RegistryException(RegistryErrorCode.Unsupported, "deletes are disabled on this registry");
        var digest = HttpResults.ParseDigest(reference);
        // Only the repository's link goes; the bytes stay until gc finds no manifest needs them.
        if (!services.Repositories.UnlinkBlob(name, digest)) throw Unknown(digest);
        context.Response.Headers[HttpResults.DigestHeader] = digest.ToString();
        HttpResults.Empty(context, StatusCodes.Status202Accepted);
        return Task.CompletedTask;
    }

    /// <summary>A repository sees the blobs it links, and its manifests, which are blobs too.</summary>
    private bool IsVisible(string name, Digest digest) =>
        services.Repositories.HasBlob(name, digest) || services.Repositories.HasManifest(name, digest);

    private static RegistryException Unknown(Digest digest) => new(RegistryErrorCode.BlobUnknown, digest.ToString());
}
