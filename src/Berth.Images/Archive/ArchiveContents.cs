using Berth.Oci;

namespace Berth.Images.Archive;

/// <summary>
/// What a loaded tar held: every blob it carried (already in the content store), by path and by digest,
/// its links, and the two index documents kept in memory. Images may only use blobs the archive carried,
/// so a load never depends on what the store happened to hold before.
/// </summary>
internal sealed class ArchiveContents
{
    // Older docker saves link a layer shared by two images to the first copy; chains this long are crafted.
    private const int MaxLinkHops = 16;

    private readonly Dictionary<string, Digest> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _links = new(StringComparer.Ordinal);
    private readonly HashSet<Digest> _blobs = [];

    public byte[]? ManifestJson { get; set; }
    public byte[]? IndexJson { get; set; }

    public void AddFile(string path, Digest digest)
    {
        _files[path] = digest;
        _links.Remove(path);
        _blobs.Add(digest);
    }

    public void AddLink(string path, string target)
    {
        _links[path] = target;
        _files.Remove(path);
    }

    /// <summary>The blob stored for the file at <paramref name="path"/> (a path taken from manifest.json).</summary>
    public Digest Resolve(string path, string referrer)
    {
        var current = ArchiveEntryName.Normalize(path);
        for (var hop = 0; hop <= MaxLinkHops; hop++)
        {
            if (_files.TryGetValue(current, out var digest)) return digest;
            if (!_links.TryGetValue(current, out var target)) break;
            current = target;
        }
        throw BerthException.Invalid($"invalid archive: \"{path}\" referenced by {referrer} is missing from the archive");
    }

    public void RequireBlob(Digest digest, string referrer)
    {
        if (!_blobs.Contains(digest)) throw BerthException.Invalid($"invalid archive: blob {digest} referenced by {referrer} is missing from the archive");
    }

    public bool Contains(Digest digest) => _blobs.Contains(digest);
}
