using System.Security.Cryptography.X509Certificates;
using Berth.Registry.Server.Auth;
using Berth.Registry.Server.Routes;
using Berth.Registry.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Berth.Registry.Server.Hosting;

/// <summary>
/// A running registry: Kestrel on the configured address (HTTPS with a certificate), serving the distribution
/// API over the storage root, which it holds locked until disposed. Start it with <see cref="StartAsync"/>.
/// </summary>
public sealed partial class RegistryServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RootLock _lock;

    private RegistryServer(WebApplication app, RootLock rootLock, IReadOnlyList<Uri> addresses)
    {
        _app = app;
        _lock = rootLock;
        Addresses = addresses;
    }

    /// <summary>Where the server listens, with the port Kestrel picked when asked for port 0.</summary>
    public IReadOnlyList<Uri> Addresses { get; }

    /// <summary>
    /// Locks and prepares the root, loads credentials and certificate, and starts listening. Configuration faults
    /// (root in use, unreadable htpasswd or certificate, address taken) throw InvalidOperationException or
    /// ArgumentException with a message fit for the user.
    /// </summary>
    public static Task<RegistryServer> StartAsync(RegistryServerOptions options, CancellationToken cancellationToken) =>
        StartAsync(options, TimeProvider.System, cancellationToken);

    internal static async Task<RegistryServer> StartAsync(RegistryServerOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var address = ListenAddress.Parse(options.Address);
        var certificate = LoadCertificate(options);
        var users = options.Htpasswd is null ? null : LoadHtpasswd(options.Htpasswd);
        var layout = new RegistryLayout(options.Root);
        var rootLock = RootLock.Acquire(layout);
        try
        {
            layout.Create();
            foreach (var temp in Directory.EnumerateFiles(layout.TempRoot)) File.Delete(temp);
            var files = new AtomicFile(layout);
            var blobs = new BlobStore(layout, files);
            var uploads = new UploadStore(layout, files, blobs, time);
            uploads.PurgeStale(options.StaleUploadAge);
            var (gate, tokens) = await CreateAuthAsync(options, users, layout, files, time, cancellationToken);
            var router = new RegistryRouter(new RegistryServices(blobs, new RepositoryStore(layout, files), uploads, gate, options.DeleteEnabled), tokens);

            var app = Build(options, address, certificate, router);
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (IOException e)
            {
                await app.DisposeAsync();
                throw new InvalidOperationException($"cannot listen on {options.Address}: {e.Message}", e);
            }
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
                .Select(a => new Uri(a.Replace("://[::]", "://localhost", StringComparison.Ordinal))).ToList();
            LogListening(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("berth-registry"), string.Join(", ", addresses), layout.Root);
            return new RegistryServer(app, rootLock, addresses);
        }
        catch
        {
            rootLock.Dispose();
            throw;
        }
    }

    /// <summary>Waits for SIGINT/SIGTERM (or <paramref name="cancellationToken"/>), then stops gracefully.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _lock.Dispose();
    }

    private static async Task<(IAccessGate Gate, TokenEndpoint? Tokens)> CreateAuthAsync(
        RegistryServerOptions options, Htpasswd? users, RegistryLayout layout, AtomicFile files, TimeProvider time, CancellationToken cancellationToken)
    {
        if (options.TokenAuth)
        {
            var key = await TokenSigner.LoadOrCreateKeyAsync(layout, files, cancellationToken);
            var signer = new TokenSigner(key, options.TokenIssuer ?? "berth-registry", time, options.TokenLifetime);
            return (new TokenGate(signer, options.TokenRealm), new TokenEndpoint(signer, users));
        }
        return (users is null ? new OpenGate() : new BasicGate(users), null);
    }

    private static WebApplication Build(RegistryServerOptions options, ListenAddress address, X509Certificate2? certificate, RegistryRouter router)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(options.LogLevel);
        builder.Logging.AddFilter("Microsoft", options.LogLevel <= LogLevel.Debug ? LogLevel.Information : LogLevel.Warning);
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffK ";
            console.UseUtcTimestamp = true;
            console.ColorBehavior = LoggerColorBehavior.Disabled;
        });
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Layers are as large as they are; uploads stream to disk.
            kestrel.Limits.MaxRequestBodySize = null;
            // A blob goes out in 1 MiB chunks (BlobRoutes); with the default 64 KiB a write waits until the socket
            // has sent nearly all of the chunk before the next is read, so the socket idles between chunks.
            kestrel.Limits.MaxResponseBufferSize = 4 << 20;
            Action<ListenOptions> configure = listen =>
            {
                if (certificate is not null) listen.UseHttps(certificate);
            };
            if (address.IsLocalhost) kestrel.ListenLocalhost(address.Port, configure);
            else kestrel.Listen(address.Address!, address.Port, configure);
        });
        builder.Host.ConfigureHostOptions(host => host.ShutdownTimeout = TimeSpan.FromSeconds(10));
        var app = builder.Build();
        app.Run(router.HandleAsync);
        return app;
    }

    private static X509Certificate2? LoadCertificate(RegistryServerOptions options)
    {
        if (options.TlsCertificate is null && options.TlsKey is null) return null;
        if (options.TlsCertificate is null || options.TlsKey is null)
            throw new ArgumentException("--tls-cert and --tls-key go together");
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(options.TlsCertificate, options.TlsKey);
            // Kestrel needs the private key in a form it can hand to the TLS stack; a PKCS#12 round trip gives that.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"cannot load TLS certificate {options.TlsCertificate} with key {options.TlsKey}: {e.Message}", e);
        }
    }

    private static Htpasswd LoadHtpasswd(string path)
    {
        try
        {
            return Htpasswd.Load(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"cannot read htpasswd file {path}: {e.Message}", e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "berth-registry listening on {Addresses} (root {Root})")]
    private static partial void LogListening(ILogger logger, string addresses, string root);
}
