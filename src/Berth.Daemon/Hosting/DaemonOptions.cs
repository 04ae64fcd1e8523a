using Microsoft.Extensions.Logging;

namespace Berth.Daemon.Hosting;

/// <summary>berthd's flags, named as dockerd's.</summary>
public sealed record DaemonOptions
{
    public string DataRoot { get; init; } = "/var/lib/berth";
    public string ExecRoot { get; init; } = "/run/berth";
    public string Host { get; init; } = Api.Client.DaemonHost.Default;
    public string? PidFile { get; init; }
    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>dockerd's --log-format: "text" (one line per event) or "json" (one JSON object per event).</summary>
    public string LogFormat { get; init; } = "text";

    /// <summary>The OCI runtime new containers get unless they ask for another (dockerd's --default-runtime).</summary>
    public string Runtime { get; init; } = "crun";

    /// <summary>dockerd's --insecure-registry: CIDRs or host[:port] reached over HTTP or unverified TLS (127.0.0.0/8 always is).</summary>
    public IReadOnlyList<string> InsecureRegistries { get; init; } = [];

    /// <summary>dockerd's --registry-mirror: tried before Docker Hub for docker.io images.</summary>
    public IReadOnlyList<Uri> RegistryMirrors { get; init; } = [];

    public int MaxConcurrentDownloads { get; init; } = 4;
    public int MaxConcurrentUploads { get; init; } = 5;

    /// <summary>Per-registry CAs, <c>DIR/HOST[:PORT]/ca.crt</c> (docker's certs.d).</summary>
    public string RegistryCertsDirectory { get; init; } = Registry.Client.RegistryOptions.DefaultCertsDirectory;
    /// <summary>The default bridge network's Linux bridge device (dockerd's --bridge).</summary>
    public string Bridge { get; init; } = "berth0";

    /// <summary>The default bridge's subnet in CIDR form (dockerd's --bip); null picks a free one at first start.</summary>
    public string? BridgeIp { get; init; }

    public string SocketPath => Api.Client.DaemonHost.SocketPath(Host);
    public string EffectivePidFile => PidFile ?? Path.Combine(ExecRoot, "berthd.pid");
    public string ContentRoot => Path.Combine(DataRoot, "content");
    public string MetadataDatabase => Path.Combine(DataRoot, "metadata.db");

    /// <summary>dockerd's level names: debug, info, warn, error, fatal.</summary>
    public static LogLevel ParseLogLevel(string value) => value.ToLowerInvariant() switch
    {
        "debug" => LogLevel.Debug,
        "info" => LogLevel.Information,
        "warn" or "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "fatal" => LogLevel.Critical,
        _ => throw new ArgumentException($"unable to parse logging level: {value}"),
    };
}
