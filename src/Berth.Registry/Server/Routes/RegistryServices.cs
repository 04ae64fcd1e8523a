using Berth.Registry.Server.Auth;
using Berth.Registry.Server.Storage;

namespace Berth.Registry.Server.Routes;

/// <summary>What the route handlers share: the stores, the access gate, and whether deletes are allowed.</summary>
internal sealed record RegistryServices(
    BlobStore Blobs,
    RepositoryStore Repositories,
    UploadStore Uploads,
    IAccessGate Gate,
    bool DeleteEnabled);
