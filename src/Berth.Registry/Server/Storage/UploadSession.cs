using System.Buffers;
using System.Security.Cryptography;
using Berth.Oci;

namespace Berth.Registry.Server.Storage;

/// <summary>
/// One blob upload in progress: its bytes in <c>uploads/ID/data</c> and a running SHA-256 of them, so the
/// digest is known when the client finishes without reading the data again. Appends are serialised by
/// <see cref="Gate"/>; each append is fsynced before the new size is reported, so the offset a client is told
/// survives a crash.
/// </summary>
internal sealed class UploadSession : IDisposable
{
    private readonly IncrementalHash _hash;

    public UploadSession(string id, string repository, string directory, IncrementalHash hash, long size)
    {
        Id = id;
        Repository = repository;
        Directory = directory;
        _hash = hash;
        Size = size;
    }

    public string Id { get; }
    public string Repository { get; }
    public string Directory { get; }
    public string DataPath => Path.Combine(Directory, "data");
    public long Size { get; private set; }
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Appends the whole of <paramref name="body"/>; returns the number of bytes appended.</summary>
    public async Task<long> AppendAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        long appended = 0;
        try
        {
            await using var file = new FileStream(DataPath, FileMode.Append, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                _hash.AppendData(buffer, 0, read);
                appended += read;
                Size += read;
            }
            file.Flush(flushToDisk: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return appended;
    }

    public Digest CurrentDigest() => Digest.FromHash(_hash.GetCurrentHash());

    // Gate is not disposed: a request may still release it after the session was forgotten or cancelled, and a
    // SemaphoreSlim whose wait handle was never asked for holds nothing that needs disposing.
    public void Dispose() => _hash.Dispose();
}
