namespace Berth.Images.Layers;

/// <summary>
/// A read-only stream that first replays bytes already taken from <paramref name="inner"/> and then
/// continues with it, so a format can be sniffed on a stream that cannot seek back.
/// </summary>
internal sealed class PrefixedStream(byte[] prefix, Stream inner, bool leaveOpen) : Stream
{
    private int _prefixPosition;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_prefixPosition < prefix.Length)
        {
            return TakePrefix(buffer);
        }
        return inner.Read(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_prefixPosition < prefix.Length)
        {
            return ValueTask.FromResult(TakePrefix(buffer.Span));
        }
        return inner.ReadAsync(buffer, cancellationToken);
    }

    private int TakePrefix(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, prefix.Length - _prefixPosition);
        prefix.AsSpan(_prefixPosition, count).CopyTo(buffer);
        _prefixPosition += count;
        return count;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
