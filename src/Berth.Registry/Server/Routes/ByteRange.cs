namespace Berth.Registry.Server.Routes;

/// <summary>One range of a <c>Range: bytes=…</c> request header (RFC 9110), resolved against a blob's length.</summary>
internal readonly record struct ByteRange(long Start, long Length)
{
    public long End => Start + Length - 1;

    /// <summary>
    /// Null when the header is absent, malformed or asks for several ranges (all of which RFC 9110 lets a server
    /// answer with the whole content); throws <see cref="UnsatisfiableException"/> when it lies past the end.
    /// </summary>
    public static ByteRange? Parse(string? header, long length)
    {
        const string Prefix = "bytes=";
        if (header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || header.Contains(',')) return null;
        var spec = header[Prefix.Length..].Trim();
        var dash = spec.IndexOf('-');
        if (dash < 0) return null;
        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.Length == 0)
        {
            // bytes=-N: the last N bytes.
            if (!long.TryParse(last, out var suffix) || suffix < 0) return null;
            if (suffix == 0 || length == 0) throw new UnsatisfiableException();
            var take = Math.Min(suffix, length);
            return new ByteRange(length - take, take);
        }
        if (!long.TryParse(first, out var start) || start < 0) return null;
        var end = length - 1;
        if (last.Length > 0)
        {
            if (!long.TryParse(last, out end) || end < start) return null;
            end = Math.Min(end, length - 1);
        }
        if (start >= length) throw new UnsatisfiableException();
        return new ByteRange(start, end - start + 1);
    }

    internal sealed class UnsatisfiableException : Exception;
}
