using Berth.Oci;

namespace Berth.Images.Archive;

/// <summary>The names of the files in a docker-archive / OCI image layout.</summary>
internal static class ArchivePaths
{
    public const string Manifest = "manifest.json";
    public const string Index = "index.json";
    public const string Layout = "oci-layout";
    public const string Repositories = "repositories";
    public const string BlobsDirectory = "blobs/";
    public const string Sha256Directory = "blobs/sha256/";

    public static string Blob(Digest digest) => $"blobs/{digest.Algorithm}/{digest.Hex}";

    /// <summary>True for <c>blobs/sha256/HEX</c>, the entries whose name says what their content must hash to.</summary>
    public static bool TryParseBlob(string path, out Digest digest)
    {
        digest = default;
        return path.StartsWith(Sha256Directory, StringComparison.Ordinal)
            && Digest.TryParse($"{Digest.Sha256Algorithm}:{path[Sha256Directory.Length..]}", out digest);
    }

    /// <summary>
    /// Files a loader has no use for: the layout marker, the legacy <c>repositories</c> (manifest.json
    /// carries the same names), and the per-layer <c>VERSION</c> and v1 <c>json</c> of older docker saves.
    /// </summary>
    public static bool IsIgnored(string path)
    {
        if (path is Layout or Repositories) return true;
        var slash = path.IndexOf('/');
        return slash > 0 && path.IndexOf('/', slash + 1) < 0 && path[(slash + 1)..] is "VERSION" or "json";
    }
}
