using System.Net;

namespace Berth.Registry.Client;

/// <summary>
/// What every registry conversation of the daemon shares: one HTTP connection pool (TLS checked by
/// <see cref="RegistryTrust"/>), the token cache and the options. <see cref="OpenAsync"/> starts a session
/// with one registry.
/// </summary>
public sealed class RegistryTransport : IDisposable
{
    private readonly HttpClient _http;

    public RegistryTransport(RegistryOptions options, TimeProvider clock)
    {
        Options = options;
        Trust = new RegistryTrust(options.CertsDirectory);
        Tokens = new TokenCache(clock);
        var handler = new HttpClientHandler
        {
            // Blob GETs are redirected to storage (S3, a CDN); the handler drops Authorization on the way.
            AllowAutoRedirect = true,
            AutomaticDecompression = DecompressionMethods.None,
            ServerCertificateCustomValidationCallback = (request, certificate, _, errors) => Trust.Validate(request, certificate, errors),
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
    }

    public RegistryOptions Options { get; }
    internal RegistryTrust Trust { get; }
    internal TokenCache Tokens { get; }
    internal HttpClient Http => _http;

    /// <summary>
    /// Finds a base address of <paramref name="domain"/> that answers <c>GET /v2/</c> (mirrors first for
    /// docker.io; HTTPS, then HTTP for an insecure registry) and returns a session that authenticates as
    /// <paramref name="credentials"/> (null: anonymously).
    /// </summary>
    public Task<RegistrySession> OpenAsync(string domain, RegistryCredentials? credentials, CancellationToken cancellationToken) =>
        RegistrySession.OpenAsync(this, domain, credentials, cancellationToken);

    public void Dispose() => _http.Dispose();
}
