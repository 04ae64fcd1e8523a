namespace Berth.Images.Tests.Archive;

/// <summary>
/// A stream like an ASP.NET Core request or response body: forward only, and synchronous I/O refused
/// (Kestrel throws on it by default). Reads come in small pieces to exercise partial reads.
/// </summary>
public sealed class AsyncOnlyStream : Stream
{
    private const int ReadChunk = 7;
    private readonly MemoryStream _data;

    private AsyncOnlyStream(MemoryStream data, bool canRead)
    {
        _data = data;
        CanRead = canRead;
    }

    public static AsyncOnlyStream ForReading(byte[] content) => new(new MemoryStream(content, writable: false), canRead: true);

    public static AsyncOnlyStream ForWriting() => new(new MemoryStream(), canRead: false);

    public byte[] Written => _data.ToArray();

    public override bool CanRead { get; }
    public override bool CanSeek => false;
    public override bool CanWrite => !CanRead;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        CanRead ? ValueTask.FromResult(_data.Read(buffer.Span[..Math.Min(buffer.Length, ReadChunk)])) : throw new NotSupportedException();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!CanWrite) throw new NotSupportedException();
        _data.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw SynchronousIo();
    public override void Write(byte[] buffer, int offset, int count) => throw SynchronousIo();
    public override void Flush() => throw SynchronousIo();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    private static InvalidOperationException SynchronousIo() => new("Synchronous operations are disallowed.");
}
