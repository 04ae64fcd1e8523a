using Berth.Oci;

namespace Berth.Images.Content;

/// <summary>
/// Blobs by digest under <c>ROOT/blobs/sha256/HEX</c>. A blob becomes visible only once it has been
/// written whole to <c>ROOT/ingest</c>, hashed while written, checked against the expected digest and size,
/// flushed to disk and renamed into place; so every blob in <c>blobs/</c> is trusted. Leftovers in
/// <c>ingest/</c> (a crash mid-write) are never read and are swept when the store opens.
/// <para>Downloads whose digest is known in advance write to <c>ROOT/resumable/HEX</c> instead, which survives a
/// crash: the next writer for that digest hashes the bytes already there and carries on after them. Those bytes
/// are trusted no more than any others: the whole blob is verified at commit, and a mismatch discards it.</para>
/// </summary>
public sealed class ContentStore
{
    private readonly string _blobRoot;
    private readonly string _ingestRoot;
    private readonly string _resumableRoot;

    public ContentStore(string root)
    {
        _blobRoot = Path.Combine(root, "blobs", Digest.Sha256Algorithm);
        _ingestRoot = Path.Combine(root, "ingest");
        Directory.CreateDirectory(_blobRoot);
        if (Directory.Exists(_ingestRoot)) Directory.Delete(_ingestRoot, recursive: true);
        Directory.CreateDirectory(_ingestRoot);
        _resumableRoot = Path.Combine(root, "resumable");
        Directory.CreateDirectory(_resumableRoot);
    }

    public string PathOf(Digest digest) => Path.Combine(_blobRoot, digest.Hex);

    public bool Exists(Digest digest) => File.Exists(PathOf(digest));

    public long SizeOf(Digest digest) => new FileInfo(PathOf(digest)).Length;

    public Stream OpenRead(Digest digest)
    {
        try
        {
            return new FileStream(PathOf(digest), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
        }
        catch (FileNotFoundException)
        {
            throw BerthException.NotFound($"content {digest} not found");
        }
    }

    public async Task<byte[]> ReadAllBytesAsync(Digest digest, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(PathOf(digest), cancellationToken);
        }
        catch (FileNotFoundException)
        {
            throw BerthException.NotFound($"content {digest} not found");
        }
    }

    /// <summary>Opens a writer whose bytes are hashed as they arrive; nothing is visible before Commit.</summary>
    public ContentWriter OpenWriter() => new(this, Path.Combine(_ingestRoot, Guid.NewGuid().ToString("N")));

    /// <summary>Where the partial download of <paramref name="digest"/> is kept between attempts.</summary>
    public string ResumablePathOf(Digest digest) => Path.Combine(_resumableRoot, digest.Hex);

    /// <summary>
    /// Opens a writer for a blob of known digest that appends to what an earlier, interrupted writer left
    /// (hashing those bytes first, so the digest still covers the whole blob). Disposing it without a commit
    /// keeps the bytes for next time; a commit that fails verification deletes them.
    /// </summary>
    /// <remarks>Only one writer per digest at a time: the file is opened exclusively (IOException otherwise).</remarks>
    public async Task<ContentWriter> OpenResumableWriterAsync(Digest digest, CancellationToken cancellationToken)
    {
        var path = ResumablePathOf(digest);
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        try
        {
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await file.ReadAsync(buffer, cancellationToken)) > 0) hash.AppendData(buffer, 0, read);
        }
        catch
        {
            hash.Dispose();
            await file.DisposeAsync();
            throw;
        }
        return new ContentWriter(this, path, file, hash);
    }

    /// <summary>Drops the partial download of <paramref name="digest"/>, if any.</summary>
    public void DiscardResumable(Digest digest) => File.Delete(ResumablePathOf(digest));

    /// <summary>
    /// Deletes the partial downloads last written before <paramref name="cutoff"/> (a pull given up on: nobody came
    /// back to resume it) and returns the bytes freed. A partial that a writer has open is left alone.
    /// </summary>
    public long RemoveResumableOlderThan(DateTime cutoff)
    {
        long freed = 0;
        foreach (var file in new DirectoryInfo(_resumableRoot).EnumerateFiles())
        {
            if (file.LastWriteTimeUtc >= cutoff) continue;
            try
            {
                // The writer opens its file exclusively: if this open fails, a download is still using it.
                using (new FileStream(file.FullName, FileMode.Open, FileAccess.ReadWrite, FileShare.None)) { }
                var size = file.Length;
                file.Delete();
                freed += size;
            }
            catch (IOException)
            {
            }
        }
        return freed;
    }

    public async Task<Descriptor> WriteBytesAsync(ReadOnlyMemory<byte> content, string mediaType, CancellationToken cancellationToken)
    {
        await using var writer = OpenWriter();
        await writer.WriteAsync(content, cancellationToken);
        return await writer.CommitAsync(mediaType, null, null, cancellationToken);
    }

    public IEnumerable<Digest> List()
    {
        foreach (var file in Directory.EnumerateFiles(_blobRoot))
        {
            if (Digest.TryParse($"{Digest.Sha256Algorithm}:{Path.GetFileName(file)}", out var digest)) yield return digest;
        }
    }

    public void Delete(Digest digest) => File.Delete(PathOf(digest));

    /// <summary>Moves a fully written and verified ingest file into place (called by ContentWriter only).</summary>
    internal void Publish(string ingestPath, Digest digest)
    {
        var target = PathOf(digest);
        File.Move(ingestPath, target, overwrite: true);
        FileSync.SyncDirectory(_blobRoot);
    }
}
