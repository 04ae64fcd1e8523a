namespace Berth.Engine.Images;

/// <summary>
/// A read-only stream that copies every byte it reads from <paramref name="source"/> into <paramref name="sink"/>,
/// so a tar can be parsed and stored in one pass.
/// </summary>
internal sealed class TeeReadStream(Stream source, Stream sink) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = source.Read(buffer);
        sink.Write(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await source.ReadAsync(buffer, cancellationToken);
        await sink.WriteAsync(buffer[..read], cancellationToken);
        return read;
    }

    /// <summary>Reads whatever follows (a tar's trailing padding) so the sink gets the whole input.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        while (await ReadAsync(buffer, cancellationToken) > 0)
        {
        }
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
