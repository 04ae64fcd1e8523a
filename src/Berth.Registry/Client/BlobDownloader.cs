using Berth.Images.Content;
using Berth.Oci;

namespace Berth.Registry.Client;

/// <summary>
/// Downloads one blob into the content store, resumably: bytes go to the store's resumable file for the digest
/// (hashed as they arrive), a broken connection resumes with a Range request from the bytes on disk, and so
/// does the next download after a crash or cancellation. The blob is published only if it matches its digest.
/// </summary>
public static class BlobDownloader
{
    private const int MaxAttempts = 6;
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(200);

    /// <param name="progress">Hears the bytes on disk so far (including those from an earlier attempt).</param>
    /// <returns>The bytes that were already on disk when this download began.</returns>
    public static async Task<long> DownloadAsync(RegistryRepository repository, ContentStore store, Descriptor blob, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var digest = blob.ParsedDigest;
        long resumedFrom = -1;
        for (var attempt = 1; ; attempt++)
        {
            await using var writer = await store.OpenResumableWriterAsync(digest, cancellationToken);
            if (resumedFrom < 0) resumedFrom = writer.Length;
            if (writer.Length > blob.Size)
            {
                // More bytes than the blob has: not this blob. Start over.
                await writer.DisposeAsync();
                store.DiscardResumable(digest);
                continue;
            }
            try
            {
                if (writer.Length < blob.Size) await CopyFromAsync(repository, digest, writer, progress, cancellationToken);
                await writer.CommitAsync(blob.MediaType, digest, blob.Size, cancellationToken);
                return resumedFrom;
            }
            catch (Exception e) when (attempt < MaxAttempts && IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                // The bytes so far stay on disk; the next attempt asks for the rest.
            }
            await Task.Delay(FirstBackoff * Math.Pow(2, attempt - 1), cancellationToken);
        }
    }

    private static async Task CopyFromAsync(RegistryRepository repository, Digest digest, ContentWriter writer, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var (response, offset) = await repository.OpenBlobAsync(digest, writer.Length, cancellationToken);
        using (response)
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[1 << 17];
            // A registry that ignored the Range sends the whole blob: skip what is already on disk.
            var skip = writer.Length - offset;
            progress?.Report(writer.Length);
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                var start = 0;
                if (skip > 0)
                {
                    start = (int)Math.Min(skip, read);
                    skip -= start;
                    if (start == read) continue;
                }
                await writer.WriteAsync(buffer.AsMemory(start, read - start), cancellationToken);
                progress?.Report(writer.Length);
            }
            await writer.FlushAsync(cancellationToken);
        }
    }

    private static bool IsTransient(Exception e) => e switch
    {
        HttpRequestException or IOException => true,
        BerthException { Kind: ErrorKind.Unavailable } => true,
        // A size or digest mismatch discarded the bytes: one more clean try may get the right ones.
        BerthException { Kind: ErrorKind.InvalidArgument } => true,
        _ => false,
    };
}
