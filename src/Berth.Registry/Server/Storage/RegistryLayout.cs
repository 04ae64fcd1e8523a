using Berth.Oci;

namespace Berth.Registry.Server.Storage;

/// <summary>
/// Where everything lives under the registry's root:
/// <code>
/// blobs/sha256/HEX                                  content, by digest (layers, configs and manifests alike)
/// repositories/NAME/_layers/sha256/HEX              link: the blob belongs to NAME
/// repositories/NAME/_manifests/revisions/sha256/HEX link: the manifest belongs to NAME (holds its media type)
/// repositories/NAME/_manifests/tags/TAG             the digest TAG points at
/// repositories/NAME/_referrers/SUBJECTHEX/HEX       a manifest of NAME whose subject is SUBJECTHEX (its descriptor)
/// uploads/ID/{repository,data}                      an upload in progress
/// tmp/                                              temp files, renamed into place once durable
/// </code>
/// Names may hold slashes; no path component of a valid name starts with '_', so links never clash with names.
/// Every place is on one filesystem, so a rename from tmp/ or uploads/ publishes atomically.
/// </summary>
internal sealed class RegistryLayout(string root)
{
    public string Root { get; } = Path.GetFullPath(root);
    public string BlobRoot => Path.Combine(Root, "blobs", Digest.Sha256Algorithm);
    public string RepositoriesRoot => Path.Combine(Root, "repositories");
    public string UploadsRoot => Path.Combine(Root, "uploads");
    public string TempRoot => Path.Combine(Root, "tmp");
    public string AuthRoot => Path.Combine(Root, "auth");
    public string LockFile => Path.Combine(Root, "registry.lock");

    public string Blob(Digest digest) => Path.Combine(BlobRoot, digest.Hex);
    public string Repository(string name) => Path.Combine(RepositoriesRoot, name);
    public string LayerLinks(string name) => Path.Combine(Repository(name), "_layers", Digest.Sha256Algorithm);
    public string LayerLink(string name, Digest digest) => Path.Combine(LayerLinks(name), digest.Hex);
    public string Revisions(string name) => Path.Combine(Repository(name), "_manifests", "revisions", Digest.Sha256Algorithm);
    public string Revision(string name, Digest digest) => Path.Combine(Revisions(name), digest.Hex);
    public string Tags(string name) => Path.Combine(Repository(name), "_manifests", "tags");
    public string Tag(string name, string tag) => Path.Combine(Tags(name), tag);
    public string Referrers(string name, Digest subject) => Path.Combine(Repository(name), "_referrers", subject.Hex);
    public string Referrer(string name, Digest subject, Digest referrer) => Path.Combine(Referrers(name, subject), referrer.Hex);
    public string Upload(string id) => Path.Combine(UploadsRoot, id);

    public void Create()
    {
        Directory.CreateDirectory(BlobRoot);
        Directory.CreateDirectory(RepositoriesRoot);
        Directory.CreateDirectory(UploadsRoot);
        Directory.CreateDirectory(TempRoot);
    }
}
