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

    // Kestrel's SendFileAsync has no sendfile(2) and copies in 16 KiB async reads, a flush each. Instead, once the
    // headers are out, the file is read straight into the response pipe's own memory (a chunk of 1 MiB asks the pipe
    // for one buffer that size), so each byte is copied once out of the page cache and once into the socket, with no
    // copy between a buffer of ours and the pipe: on a 2-CPU machine the server's CPU is what a fast client waits on.
    private const int CopyChunk = 1 << 20;

    private static async Task CopyFileAsync(string path, long offset, long count, HttpResponse response, CancellationToken cancellationToken)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        await response.StartAsync(cancellationToken);
        var writer = response.BodyWriter;
        while (count > 0)
        {
            var memory = writer.GetMemory((int)Math.Min(CopyChunk, count));
            var read = RandomAccess.Read(file, memory.Span[..(int)Math.Min(memory.Length, count)], offset);
            if (read == 0) throw new IOException($"{path} ended {count} bytes early");
            writer.Advance(read);
            offset += read;
            count -= read;
            var flushed = await writer.FlushAsync(cancellationToken);
            if (flushed.IsCompleted || flushed.IsCanceled) return; // the client went away
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
