using System.CommandLine;

namespace Berth.Daemon.Hosting;

/// <summary>berthd's command line, shaped like dockerd's.</summary>
public static class DaemonCommandLine
{
    public static RootCommand Build(Func<DaemonOptions, CancellationToken, Task<int>> run)
    {
        var dataRoot = new Option<string>("--data-root") { Description = "Root directory of persistent Berth state", DefaultValueFactory = _ => "/var/lib/berth" };
        var execRoot = new Option<string>("--exec-root") { Description = "Root directory for execution state files", DefaultValueFactory = _ => "/run/berth" };
        var host = new Option<string>("--host", "-H") { Description = "Daemon socket to listen on (unix:///path)", DefaultValueFactory = _ => Api.Client.DaemonHost.Default };
        var pidFile = new Option<string?>("--pidfile", "-p") { Description = "Path to use for daemon PID file (default EXEC_ROOT/berthd.pid)" };
        var logLevel = new Option<string>("--log-level", "-l") { Description = "Set the logging level (debug, info, warn, error, fatal)", DefaultValueFactory = _ => "info" };
        var logFormat = new Option<string>("--log-format") { Description = "Set the logging format (text, json)", DefaultValueFactory = _ => "text" };
        logFormat.AcceptOnlyFromAmong("text", "json");
        var runtime = new Option<string>("--runtime", "--default-runtime") { Description = "Default OCI runtime for containers (crun, runc)", DefaultValueFactory = _ => "crun" };
        var insecure = new Option<string[]>("--insecure-registry") { Description = "Enable insecure registry communication (CIDR or host[:port])" };
        var mirrors = new Option<string[]>("--registry-mirror") { Description = "Preferred registry mirror for docker.io" };
        var downloads = new Option<int>("--max-concurrent-downloads") { Description = "Set the max concurrent downloads for each pull", DefaultValueFactory = _ => 4 };
        var uploads = new Option<int>("--max-concurrent-uploads") { Description = "Set the max concurrent uploads for each push", DefaultValueFactory = _ => 5 };
        var certs = new Option<string>("--registry-certs-dir") { Description = "Directory of per-registry CAs (HOST[:PORT]/ca.crt)", DefaultValueFactory = _ => Registry.Client.RegistryOptions.DefaultCertsDirectory };
        var bridge = new Option<string>("--bridge", "-b") { Description = "Linux bridge device of the default bridge network", DefaultValueFactory = _ => "berth0" };
        var bridgeIp = new Option<string?>("--bip") { Description = "Subnet of the default bridge network (CIDR; default: a free one)" };
        var root = new RootCommand("berthd: the Berth container engine daemon (Docker Engine API on a unix socket)")
        {
            dataRoot, execRoot, host, pidFile, logLevel, logFormat, runtime, bridge, bridgeIp,
            insecure, mirrors, downloads, uploads, certs,
        };
        root.SetAction((parse, cancellationToken) =>
        {
            DaemonOptions options;
            try
            {
                options = new DaemonOptions
                {
                    DataRoot = Path.GetFullPath(parse.GetValue(dataRoot)!),
                    ExecRoot = Path.GetFullPath(parse.GetValue(execRoot)!),
                    Host = parse.GetValue(host)!,
                    PidFile = parse.GetValue(pidFile),
                    LogLevel = DaemonOptions.ParseLogLevel(parse.GetValue(logLevel)!),
                    LogFormat = parse.GetValue(logFormat)!,
                    Runtime = parse.GetValue(runtime)!,
                    InsecureRegistries = parse.GetValue(insecure) ?? [],
                    RegistryMirrors = (parse.GetValue(mirrors) ?? []).Select(ParseMirror).ToList(),
                    MaxConcurrentDownloads = Positive(parse.GetValue(downloads), "max-concurrent-downloads"),
                    MaxConcurrentUploads = Positive(parse.GetValue(uploads), "max-concurrent-uploads"),
                    RegistryCertsDirectory = Path.GetFullPath(parse.GetValue(certs)!),
                    Bridge = parse.GetValue(bridge)!,
                    BridgeIp = parse.GetValue(bridgeIp),
                };
                _ = options.SocketPath;
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"berthd: {e.Message}");
                return Task.FromResult(1);
            }
            return run(options, cancellationToken);
        });
        return root;
    }

    /// <summary>dockerd's ValidateMirror: an http(s) URL with nothing but a host (and port).</summary>
    private static Uri ParseMirror(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath.Trim('/').Length > 0)
            throw new ArgumentException($"invalid mirror: \"{value}\" is not a valid URI");
        return uri;
    }

    private static int Positive(int value, string flag) =>
        value > 0 ? value : throw new ArgumentException($"invalid {flag}: must be a positive number");
}
