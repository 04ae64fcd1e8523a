using System.Buffers.Binary;
using System.Text;
using Berth.Oci;

namespace Berth.Images.Layers;

/// <summary>
/// Passes a tar stream through unchanged while following its header blocks alongside TarReader, to keep
/// the raw bytes of <c>SCHILY.xattr.*</c> PAX records. TarReader decodes every PAX value as UTF-8, which
/// mangles binary values such as <c>security.capability</c> (any byte over 0x7F becomes U+FFFD).
/// It also counts the bytes that passed, which is the size of the uncompressed layer.
/// </summary>
/// <remarks>
/// The tap queues one xattr set per entry header it sees (PAX, global and GNU long-name headers are not
/// entries), in stream order; the reader of the tar takes one set per entry it gets, so the two stay in
/// step whatever the tar reader buffers.
/// </remarks>
internal sealed class PaxXattrTap(Stream inner) : Stream
{
    private const int BlockSize = 512;
    private const string XattrPrefix = "SCHILY.xattr.";

    // A PAX header is a few records; anything this large is not a layer a registry would serve.
    private const int MaxPaxHeaderSize = 1 << 20;

    private static readonly IReadOnlyDictionary<string, byte[]> NoXattrs = new Dictionary<string, byte[]>();

    private readonly byte[] _header = new byte[BlockSize];
    private readonly Queue<IReadOnlyDictionary<string, byte[]>> _entries = new();
    private int _headerFill;
    private long _skip;
    private MemoryStream? _pax;
    private long _paxRemaining;
    private long _paxPadding;
    private Dictionary<string, byte[]>? _pendingXattrs;
    private long? _pendingSize;

    /// <summary>Bytes read through the tap so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The raw xattrs of the next entry, in the order entries appear in the tar.</summary>
    public IReadOnlyDictionary<string, byte[]> TakeXattrs() =>
        _entries.TryDequeue(out var xattrs) ? xattrs : NoXattrs;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Observe(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Observe(buffer.Span[..read]);
        return read;
    }

    private void Observe(ReadOnlySpan<byte> data)
    {
        BytesRead += data.Length;
        while (!data.IsEmpty)
        {
            if (_skip > 0)
            {
                var count = (int)Math.Min(_skip, data.Length);
                _skip -= count;
                data = data[count..];
            }
            else if (_pax is not null)
            {
                var count = (int)Math.Min(_paxRemaining, data.Length);
                _pax.Write(data[..count]);
                _paxRemaining -= count;
                data = data[count..];
                if (_paxRemaining == 0)
                {
                    ParsePaxRecords(_pax.GetBuffer().AsSpan(0, (int)_pax.Length));
                    _pax = null;
                    _skip = _paxPadding;
                }
            }
            else
            {
                var count = Math.Min(BlockSize - _headerFill, data.Length);
                data[..count].CopyTo(_header.AsSpan(_headerFill));
                _headerFill += count;
                data = data[count..];
                if (_headerFill == BlockSize)
                {
                    _headerFill = 0;
                    OnHeader();
                }
            }
        }
    }

    private void OnHeader()
    {
        if (!_header.AsSpan().ContainsAnyExcept((byte)0))
        {
            return; // the end-of-archive blocks
        }
        var size = ParseSize(_header.AsSpan(124, 12));
        switch ((char)_header[156])
        {
            case 'x':
                if (size > MaxPaxHeaderSize)
                {
                    throw BerthException.Invalid($"layer has a PAX header of {size} bytes, more than the {MaxPaxHeaderSize} allowed");
                }
                if (size > 0)
                {
                    _pax = new MemoryStream((int)size);
                    _paxRemaining = size;
                    _paxPadding = Padding(size);
                }
                break;
            case 'g' or 'L' or 'K':
                _skip = size + Padding(size);
                break;
            default:
                size = _pendingSize ?? size;
                _entries.Enqueue(_pendingXattrs ?? NoXattrs);
                _pendingXattrs = null;
                _pendingSize = null;
                _skip = size + Padding(size);
                break;
        }
    }

    // Records are "LENGTH KEY=VALUE\n", LENGTH counting the whole record in bytes; values may be binary.
    private void ParsePaxRecords(ReadOnlySpan<byte> records)
    {
        while (!records.IsEmpty)
        {
            var space = records.IndexOf((byte)' ');
            if (space <= 0 || !int.TryParse(records[..space], out var length) || length <= space + 1 || length > records.Length)
            {
                return; // malformed: TarReader reports it
            }
            var record = records[(space + 1)..(length - 1)];
            records = records[length..];
            var equals = record.IndexOf((byte)'=');
            if (equals < 0)
            {
                return;
            }
            var key = Encoding.UTF8.GetString(record[..equals]);
            var value = record[(equals + 1)..];
            if (key.StartsWith(XattrPrefix, StringComparison.Ordinal))
            {
                (_pendingXattrs ??= new Dictionary<string, byte[]>(StringComparer.Ordinal))[key[XattrPrefix.Length..]] = value.ToArray();
            }
            else if (key == "size" && long.TryParse(value, out var size))
            {
                _pendingSize = size;
            }
        }
    }

    // Octal digits, or base-256 (GNU) when the first byte has its high bit set.
    private static long ParseSize(ReadOnlySpan<byte> field)
    {
        if ((field[0] & 0x80) != 0)
        {
            return BinaryPrimitives.ReadInt64BigEndian(field[^8..]);
        }
        long value = 0;
        foreach (var b in field.TrimStart((byte)' '))
        {
            if (b is < (byte)'0' or > (byte)'7')
            {
                break;
            }
            value = (value << 3) | (long)(b - '0');
        }
        return value;
    }

    private static long Padding(long size) => (BlockSize - (size % BlockSize)) % BlockSize;

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
