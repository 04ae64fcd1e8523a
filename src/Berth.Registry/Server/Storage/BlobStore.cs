using Berth.Images.Content;
using Berth.Oci;

namespace Berth.Registry.Server.Storage;

/// <summary>
/// The registry's content, by digest. Blobs arrive only through <see cref="Publish"/> (an upload whose
/// digest and size were verified) or <see cref="WriteAsync"/> (bytes hashed here), so every file under
/// <c>blobs/</c> matches its name. Which repository may see a blob is the business of <see cref="RepositoryStore"/>.
/// </summary>
internal sealed class BlobStore(RegistryLayout layout, AtomicFile files)
{
    public bool Exists(Digest digest) => File.Exists(layout.Blob(digest));

    public long SizeOf(Digest digest) => new FileInfo(layout.Blob(digest)).Length;

    public string PathOf(Digest digest) => layout.Blob(digest);

    public Task<byte[]> ReadAllBytesAsync(Digest digest, CancellationToken cancellationToken) =>
        File.ReadAllBytesAsync(layout.Blob(digest), cancellationToken);

    /// <summary>Stores bytes already in memory (a manifest) under the digest computed here.</summary>
    public async Task<Digest> WriteAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var digest = Digest.Compute(content.Span);
        if (!Exists(digest)) await files.WriteAsync(layout.Blob(digest), content, cancellationToken);
        return digest;
    }

    /// <summary>
    /// Renames a durable, verified file (an upload's data, already fsynced) into place. When the blob is
    /// there already the file is dropped: equal digests mean equal bytes.
    /// </summary>
    public void Publish(string verifiedFile, Digest digest)
    {
        if (Exists(digest))
        {
            File.Delete(verifiedFile);
            return;
        }
        File.Move(verifiedFile, layout.Blob(digest), overwrite: true);
        FileSync.SyncDirectory(layout.BlobRoot);
    }

    public IEnumerable<Digest> List()
    {
        foreach (var file in Directory.EnumerateFiles(layout.BlobRoot))
        {
            if (Digest.TryParse($"{Digest.Sha256Algorithm}:{Path.GetFileName(file)}", out var digest)) yield return digest;
        }
    }

    public void Delete(Digest digest) => File.Delete(layout.Blob(digest));
}
