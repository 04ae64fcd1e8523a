using System.Security.Cryptography;
using Berth.Oci;

namespace Berth.Images.Content;

/// <summary>
/// A write-only stream into the ingest area that hashes what it is given. <see cref="CommitAsync"/>
/// verifies digest and size, fsyncs and publishes the blob; disposing without committing deletes it.
/// </summary>
public sealed class ContentWriter : Stream
{
    private readonly ContentStore _store;
    private readonly string _path;
    private readonly FileStream _file;
    private readonly IncrementalHash _hash;
    private readonly bool _resumable;
    private long _length;
    private bool _committed;

    internal ContentWriter(ContentStore store, string path)
    {
        _store = store;
        _path = path;
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    }

    /// <summary>A resumable writer: <paramref name="file"/> is positioned at its end and <paramref name="hash"/> has seen what precedes it.</summary>
    internal ContentWriter(ContentStore store, string path, FileStream file, IncrementalHash hash)
    {
        _store = store;
        _path = path;
        _file = file;
        _hash = hash;
        _length = file.Length;
        _resumable = true;
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _length;
    public override long Position { get => _length; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash.AppendData(buffer);
        _file.Write(buffer);
        _length += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _hash.AppendData(buffer.Span);
        await _file.WriteAsync(buffer, cancellationToken);
        _length += buffer.Length;
    }

    /// <summary>
    /// Verifies the bytes written against <paramref name="expected"/> and <paramref name="expectedSize"/>
    /// (when given), makes them durable and publishes the blob under its digest.
    /// </summary>
    public async Task<Descriptor> CommitAsync(string mediaType, Digest? expected, long? expectedSize, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        var actual = Digest.FromHash(_hash.GetHashAndReset());
        if (expectedSize is { } size && size != _length)
        {
            DiscardResumable();
            throw BerthException.Invalid($"size mismatch for {expected?.ToString() ?? actual.ToString()}: expected {size} bytes, got {_length}");
        }
        if (expected is { } want && want != actual)
        {
            DiscardResumable();
            throw BerthException.Invalid($"digest mismatch: expected {want}, got {actual}");
        }
        await _file.FlushAsync(cancellationToken);
        _file.Flush(flushToDisk: true);
        await _file.DisposeAsync();
        _store.Publish(_path, actual);
        _committed = true;
        return new Descriptor { MediaType = mediaType, Digest = actual.ToString(), Size = _length };
    }

    /// <summary>Bytes that failed verification must not be resumed from: delete them now.</summary>
    private void DiscardResumable()
    {
        if (!_resumable) return;
        _file.Dispose();
        File.Delete(_path);
        _hash.Dispose();
        _committed = true;
    }

    public override void Flush() => _file.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) Abort();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_committed)
        {
            // A resumable download keeps its bytes for the next attempt.
            await _file.DisposeAsync();
            if (!_resumable) File.Delete(_path);
        }
        _hash.Dispose();
        _committed = true;
        GC.SuppressFinalize(this);
    }

    private void Abort()
    {
        if (_committed) return;
        _file.Dispose();
        if (!_resumable) File.Delete(_path);
        _hash.Dispose();
        _committed = true;
    }
}
