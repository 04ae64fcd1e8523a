using Microsoft.Extensions.Logging;

namespace Berth.Registry.Server.Hosting;

/// <summary>How <c>berth-registry serve</c> runs: where it listens and stores, and how it authenticates.</summary>
public sealed record RegistryServerOptions
{
    /// <summary>The storage root: blobs, repositories, uploads (see RegistryLayout).</summary>
    public required string Root { get; init; }

    /// <summary>HOST:PORT to listen on; port 0 picks a free one (see <see cref="RegistryServer.Addresses"/>).</summary>
    public string Address { get; init; } = "127.0.0.1:5000";

    /// <summary>PEM certificate and key: serve HTTPS instead of HTTP.</summary>
    public string? TlsCertificate { get; init; }
    public string? TlsKey { get; init; }

    /// <summary>Users allowed in (bcrypt htpasswd). Alone it means Basic auth; with token auth, it guards /token.</summary>
    public string? Htpasswd { get; init; }

    /// <summary>Token auth: the realm advertised in challenges (default: this server's own /token).</summary>
    public string? TokenRealm { get; init; }

    /// <summary>Token auth: the issuer and service name of the tokens (default "berth-registry").</summary>
    public string? TokenIssuer { get; init; }

    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether DELETE of manifests, tags and blobs is allowed (405 UNSUPPORTED otherwise).</summary>
    public bool DeleteEnabled { get; init; } = true;

    /// <summary>Uploads untouched this long when the server starts are abandoned and removed.</summary>
    public TimeSpan StaleUploadAge { get; init; } = TimeSpan.FromDays(1);

    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    public bool TokenAuth => TokenRealm is not null || TokenIssuer is not null;
}
