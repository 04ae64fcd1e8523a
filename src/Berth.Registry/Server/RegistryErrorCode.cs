namespace Berth.Registry.Server;

/// <summary>
/// The error codes of the OCI distribution spec, each with the message and HTTP status that
/// distribution/distribution (the reference registry) gives it, so clients see the same wire shape.
/// </summary>
internal sealed record RegistryErrorCode(string Code, string Message, int Status)
{
    public static readonly RegistryErrorCode BlobUnknown = new("BLOB_UNKNOWN", "blob unknown to registry", 404);
    public static readonly RegistryErrorCode BlobUploadInvalid = new("BLOB_UPLOAD_INVALID", "blob upload invalid", 400);
    public static readonly RegistryErrorCode BlobUploadUnknown = new("BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry", 404);
    public static readonly RegistryErrorCode DigestInvalid = new("DIGEST_INVALID", "provided digest did not match uploaded content", 400);
    public static readonly RegistryErrorCode ManifestBlobUnknown = new("MANIFEST_BLOB_UNKNOWN", "blob unknown to registry", 400);
    public static readonly RegistryErrorCode ManifestInvalid = new("MANIFEST_INVALID", "manifest invalid", 400);
    public static readonly RegistryErrorCode ManifestUnknown = new("MANIFEST_UNKNOWN", "manifest unknown", 404);
    public static readonly RegistryErrorCode NameInvalid = new("NAME_INVALID", "invalid repository name", 400);
    public static readonly RegistryErrorCode NameUnknown = new("NAME_UNKNOWN", "repository name not known to registry", 404);
    public static readonly RegistryErrorCode PaginationNumberInvalid = new("PAGINATION_NUMBER_INVALID", "invalid number of results requested", 400);
    public static readonly RegistryErrorCode SizeInvalid = new("SIZE_INVALID", "provided length did not match content length", 400);
    public static readonly RegistryErrorCode TagInvalid = new("TAG_INVALID", "manifest tag did not match URI", 400);
    public static readonly RegistryErrorCode Unauthorized = new("UNAUTHORIZED", "authentication required", 401);
    public static readonly RegistryErrorCode Unsupported = new("UNSUPPORTED", "The operation is unsupported.", 405);
}
