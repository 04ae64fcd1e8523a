using System.Text.Json;
using Berth.Oci;

namespace Berth.Registry.Server.Storage;

/// <summary>
/// What each repository holds: links to the blobs and manifests that belong to it, its tags, and an index of
/// its manifests by subject (for the referrers API). Content itself lives once in <see cref="BlobStore"/>; a
/// repository sees only what it links, so a digest known elsewhere is not readable here (nor mountable from here).
/// </summary>
internal sealed class RepositoryStore(RegistryLayout layout, AtomicFile files)
{
    public bool Exists(string name) =>
        Directory.Exists(Path.Combine(layout.Repository(name), "_manifests")) || Directory.Exists(Path.Combine(layout.Repository(name), "_layers"));

    public bool HasBlob(string name, Digest digest) => File.Exists(layout.LayerLink(name, digest));

    public Task LinkBlobAsync(string name, Digest digest, CancellationToken cancellationToken) =>
        HasBlob(name, digest) ? Task.CompletedTask : files.WriteTextAsync(layout.LayerLink(name, digest), digest.ToString(), cancellationToken);

    public bool UnlinkBlob(string name, Digest digest) => AtomicFile.Delete(layout.LayerLink(name, digest));

    public IEnumerable<Digest> LinkedBlobs(string name) => DigestsIn(layout.LayerLinks(name));

    public bool HasManifest(string name, Digest digest) => File.Exists(layout.Revision(name, digest));

    /// <summary>The media type the manifest was pushed with, or null when the repository does not hold it.</summary>
    public async Task<string?> ManifestMediaTypeAsync(string name, Digest digest, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(layout.Revision(name, digest), cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public Task LinkManifestAsync(string name, Digest digest, string mediaType, CancellationToken cancellationToken) =>
        files.WriteTextAsync(layout.Revision(name, digest), mediaType, cancellationToken);

    public bool UnlinkManifest(string name, Digest digest) => AtomicFile.Delete(layout.Revision(name, digest));

    public IEnumerable<Digest> Manifests(string name) => DigestsIn(layout.Revisions(name));

    public async Task<Digest?> ResolveTagAsync(string name, string tag, CancellationToken cancellationToken)
    {
        try
        {
            return Digest.TryParse((await File.ReadAllTextAsync(layout.Tag(name, tag), cancellationToken)).Trim(), out var digest) ? digest : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public Task TagAsync(string name, string tag, Digest digest, CancellationToken cancellationToken) =>
        files.WriteTextAsync(layout.Tag(name, tag), digest.ToString(), cancellationToken);

    public bool Untag(string name, string tag) => AtomicFile.Delete(layout.Tag(name, tag));

    /// <summary>Tags in lexical (ordinal) order, as the spec's pagination assumes.</summary>
    public IReadOnlyList<string> Tags(string name)
    {
        var directory = layout.Tags(name);
        if (!Directory.Exists(directory)) return [];
        var tags = Directory.EnumerateFiles(directory).Select(Path.GetFileName).OfType<string>().ToList();
        tags.Sort(StringComparer.Ordinal);
        return tags;
    }

    /// <summary>Removes every tag of <paramref name="name"/> that points at <paramref name="digest"/>.</summary>
    public async Task UntagDigestAsync(string name, Digest digest, CancellationToken cancellationToken)
    {
        foreach (var tag in Tags(name))
        {
            if (await ResolveTagAsync(name, tag, cancellationToken) == digest) Untag(name, tag);
        }
    }

    public Task AddReferrerAsync(string name, Digest subject, ReferrerDescriptor referrer, CancellationToken cancellationToken) =>
        files.WriteAsync(layout.Referrer(name, subject, Digest.Parse(referrer.Digest)),
            JsonSerializer.SerializeToUtf8Bytes(referrer, RegistryJsonContext.Writer.ReferrerDescriptor), cancellationToken);

    public void RemoveReferrer(string name, Digest subject, Digest referrer) => AtomicFile.Delete(layout.Referrer(name, subject, referrer));

    public async Task<IReadOnlyList<ReferrerDescriptor>> ReferrersAsync(string name, Digest subject, CancellationToken cancellationToken)
    {
        var directory = layout.Referrers(name, subject);
        if (!Directory.Exists(directory)) return [];
        var referrers = new List<ReferrerDescriptor>();
        foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            await using var stream = File.OpenRead(file);
            var referrer = await JsonSerializer.DeserializeAsync(stream, RegistryJsonContext.Writer.ReferrerDescriptor, cancellationToken);
            if (referrer is not null) referrers.Add(referrer);
        }
        return referrers;
    }

    /// <summary>Every repository under the root, in lexical order (a directory is one once it links something).</summary>
    public IReadOnlyList<string> List()
    {
        var names = new List<string>();
        if (!Directory.Exists(layout.RepositoriesRoot)) return names;
        var pending = new Stack<string>([layout.RepositoriesRoot]);
        while (pending.Count > 0)
        {
            foreach (var directory in Directory.EnumerateDirectories(pending.Pop()))
            {
                if (Path.GetFileName(directory).StartsWith('_')) continue;
                var name = Path.GetRelativePath(layout.RepositoriesRoot, directory);
                if (Exists(name)) names.Add(name);
                pending.Push(directory);
            }
        }
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    private static IEnumerable<Digest> DigestsIn(string directory)
    {
        if (!Directory.Exists(directory)) yield break;
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            if (Digest.TryParse($"{Digest.Sha256Algorithm}:{Path.GetFileName(file)}", out var digest)) yield return digest;
        }
    }
}
