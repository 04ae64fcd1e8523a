using System.CommandLine;
using Berth.Registry.Server.Hosting;
using Microsoft.Extensions.Logging;

namespace Berth.RegistryHost;

/// <summary>
/// <c>berth-registry serve …</c> and <c>berth-registry gc …</c>: Berth's own OCI distribution registry, run in
/// the foreground without berthd. The flags follow distribution's configuration where it has one.
/// </summary>
internal static class RegistryCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("berth-registry: Berth's OCI distribution registry")
        {
            ServeCommand(),
            GcCommand(),
        };
        return root;
    }

    private static Command ServeCommand()
    {
        var address = new Option<string>("--addr") { Description = "Address to listen on (HOST:PORT)", DefaultValueFactory = _ => "127.0.0.1:5000" };
        var storage = new Option<string>("--root") { Description = "Storage root directory", Required = true };
        var tlsCert = new Option<string?>("--tls-cert") { Description = "TLS certificate (PEM); serve HTTPS" };
        var tlsKey = new Option<string?>("--tls-key") { Description = "TLS private key (PEM)" };
        var htpasswd = new Option<string?>("--htpasswd") { Description = "htpasswd file with bcrypt entries (htpasswd -B): Basic auth, or the users of the token endpoint" };
        var tokenRealm = new Option<string?>("--token-realm") { Description = "Token auth: realm URL advertised to clients (default: this server's /token)" };
        var tokenIssuer = new Option<string?>("--token-issuer") { Description = "Token auth: issuer and service name of the tokens (default berth-registry)" };
        var noDelete = new Option<bool>("--disable-delete") { Description = "Refuse DELETE of manifests, tags and blobs (405 UNSUPPORTED)" };
        var logLevel = new Option<string>("--log-level", "-l") { Description = "Set the logging level (debug, info, warn, error)", DefaultValueFactory = _ => "info" };
        var serve = new Command("serve", "Run the registry in the foreground")
        {
            address, storage, tlsCert, tlsKey, htpasswd, tokenRealm, tokenIssuer, noDelete, logLevel,
        };
        serve.SetAction(async (parse, cancellationToken) =>
        {
            RegistryServer server;
            try
            {
                var options = new RegistryServerOptions
                {
                    Root = Path.GetFullPath(parse.GetValue(storage)!),
                    Address = parse.GetValue(address)!,
                    TlsCertificate = parse.GetValue(tlsCert),
                    TlsKey = parse.GetValue(tlsKey),
                    Htpasswd = parse.GetValue(htpasswd),
                    TokenRealm = parse.GetValue(tokenRealm),
                    TokenIssuer = parse.GetValue(tokenIssuer),
                    DeleteEnabled = !parse.GetValue(noDelete),
                    LogLevel = ParseLogLevel(parse.GetValue(logLevel)!),
                };
                server = await RegistryServer.StartAsync(options, cancellationToken);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                await Console.Error.WriteLineAsync($"berth-registry: {e.Message}");
                return 1;
            }
            await using (server)
            {
                await server.WaitForShutdownAsync(CancellationToken.None);
            }
            return 0;
        });
        return serve;
    }

    private static Command GcCommand()
    {
        var storage = new Option<string>("--root") { Description = "Storage root directory", Required = true };
        var dryRun = new Option<bool>("--dry-run", "-d") { Description = "Only list the blobs that would be deleted" };
        var gc = new Command("gc", "Delete blobs that no manifest references (the registry must not be serving this root)")
        {
            storage, dryRun,
        };
        gc.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                await RegistryGarbageCollection.RunAsync(Path.GetFullPath(parse.GetValue(storage)!), parse.GetValue(dryRun), Console.Out, cancellationToken);
                return 0;
            }
            catch (InvalidOperationException e)
            {
                await Console.Error.WriteLineAsync($"berth-registry: {e.Message}");
                return 1;
            }
        });
        return gc;
    }

    private static LogLevel ParseLogLevel(string value) => value.ToLowerInvariant() switch
    {
        "debug" => LogLevel.Debug,
        "info" => LogLevel.Information,
        "warn" or "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        _ => throw new ArgumentException($"unable to parse logging level: {value}"),
    };
}
