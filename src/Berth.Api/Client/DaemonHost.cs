namespace Berth.Api.Client;

/// <summary>Where the daemon listens: <c>unix:///path</c> is the one transport berthd serves.</summary>
public static class DaemonHost
{
    public const string DefaultSocketPath = "/run/berth/berth.sock";
    public const string Default = "unix://" + DefaultSocketPath;
    public const string EnvironmentVariable = "BERTH_HOST";

    /// <summary>Returns the socket path of a <c>unix://</c> host, or throws with a docker-like message.</summary>
    public static string SocketPath(string host)
    {
        const string scheme = "unix://";
        if (!host.StartsWith(scheme, StringComparison.Ordinal) || host.Length == scheme.Length)
            throw new ArgumentException($"invalid host \"{host}\": only unix:///path is supported");
        return host[scheme.Length..];
    }

    /// <summary>The host the CLI talks to: the -H flag, else BERTH_HOST, else the default socket.</summary>
    public static string Resolve(string? flag) =>
        !string.IsNullOrEmpty(flag) ? flag
        : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env ? env
        : Default;
}
