using System.Formats.Tar;
using System.Globalization;
using System.Text;
using Berth.Storage.Interop;

namespace Berth.Storage.Diff;

/// <summary>
/// The PAX header of an entry whose xattrs are not all text (<c>security.capability</c> is binary).
/// TarWriter encodes every PAX value as UTF-8 text, which would mangle those bytes, so for such an entry
/// this writes the PAX <c>x</c> header itself (path, link path, mtime and the raw xattrs) and hands back a
/// plain ustar entry to follow it: readers (Go's, .NET's, <c>LayerApplier</c>) take the PAX values.
/// </summary>
internal static class BinaryXattrHeader
{
    private const int BlockSize = 512;
    private const string XattrPrefix = "SCHILY.xattr.";

    /// <summary>Writes the header to <paramref name="raw"/> (the tar's stream) and returns the entry to write next.</summary>
    public static async Task<UstarTarEntry> WriteAsync(Stream raw, TarEntryType type, string name, string? linkName,
        FileStatus status, IReadOnlyList<KeyValuePair<string, byte[]>> xattrs, CancellationToken cancellationToken)
    {
        var records = new MemoryStream();
        AddRecord(records, "path", Encoding.UTF8.GetBytes(name));
        if (linkName is not null)
        {
            AddRecord(records, "linkpath", Encoding.UTF8.GetBytes(linkName));
        }
        AddRecord(records, "mtime", Encoding.ASCII.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{status.MtimeSeconds}.{status.MtimeNanoseconds:D9}")));
        foreach (var (key, value) in xattrs)
        {
            AddRecord(records, XattrPrefix + key, value);
        }

        var header = new byte[BlockSize];
        Encoding.ASCII.GetBytes("PaxHeaders/entry").CopyTo(header, 0);
        Octal(header.AsSpan(100, 8), 0x1A4);
        Octal(header.AsSpan(108, 8), 0);
        Octal(header.AsSpan(116, 8), 0);
        Octal(header.AsSpan(124, 12), records.Length);
        Octal(header.AsSpan(136, 12), 0);
        header[156] = (byte)'x';
        Encoding.ASCII.GetBytes("ustar\0" + "00").CopyTo(header, 257);
        header.AsSpan(148, 8).Fill((byte)' ');
        var sum = header.Sum(b => (int)b);
        Octal(header.AsSpan(148, 7), sum);

        await raw.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        await raw.WriteAsync(records.GetBuffer().AsMemory(0, (int)records.Length), cancellationToken).ConfigureAwait(false);
        var padding = (int)((BlockSize - (records.Length % BlockSize)) % BlockSize);
        await raw.WriteAsync(new byte[padding], cancellationToken).ConfigureAwait(false);

        // The PAX path and linkpath above win; these short stand-ins only have to fit ustar's fields.
        var entry = new UstarTarEntry(type, type == TarEntryType.Directory ? "PaxHeaders/entry/" : "PaxHeaders/entry");
        if (linkName is not null)
        {
            entry.LinkName = "PaxHeaders/link";
        }
        return entry;
    }

    // "LENGTH KEY=VALUE\n", where LENGTH counts the whole record, its own digits included.
    private static void AddRecord(MemoryStream records, string key, byte[] value)
    {
        var keyBytes = Encoding.UTF8.GetBytes(key);
        var rest = keyBytes.Length + value.Length + 3; // space, '=', newline
        var length = rest + 1;
        while (length.ToString(CultureInfo.InvariantCulture).Length + rest != length)
        {
            length = length.ToString(CultureInfo.InvariantCulture).Length + rest;
        }
        records.Write(Encoding.ASCII.GetBytes(length.ToString(CultureInfo.InvariantCulture) + " "));
        records.Write(keyBytes);
        records.WriteByte((byte)'=');
        records.Write(value);
        records.WriteByte((byte)'\n');
    }

    // Zero-padded octal digits filling the field but its last byte, which stays NUL.
    private static void Octal(Span<byte> field, long value)
    {
        var digits = Convert.ToString(value, 8).PadLeft(field.Length - 1, '0');
        Encoding.ASCII.GetBytes(digits).CopyTo(field);
        field[^1] = 0;
    }
}
