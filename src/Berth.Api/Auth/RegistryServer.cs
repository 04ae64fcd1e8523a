namespace Berth.Api.Auth;

/// <summary>
/// Registry names as the docker CLI keys credentials: Docker Hub is <c>https://index.docker.io/v1/</c> (whatever
/// spelling the user typed), every other registry its bare <c>host[:port]</c>.
/// </summary>
public static class RegistryServer
{
    public const string DockerHubDomain = "docker.io";
    public const string DockerHubKey = "https://index.docker.io/v1/";

    /// <summary>The registry part of an image name, as distribution/reference splits it (docker.io when there is none).</summary>
    public static string DomainOf(string image)
    {
        var slash = image.IndexOf('/');
        if (slash < 0) return DockerHubDomain;
        var first = image[..slash];
        var isHost = first == "localhost" || first.AsSpan().ContainsAny('.', ':') || first.ToLowerInvariant() != first;
        return !isHost || first == "index.docker.io" ? DockerHubDomain : first;
    }

    /// <summary>
    /// The host a login SERVER argument names: scheme and path dropped; Docker Hub's aliases fold to docker.io.
    /// </summary>
    public static string Normalize(string server)
    {
        var host = server.Trim();
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) host = host[(scheme + 3)..];
        var slash = host.IndexOf('/');
        if (slash >= 0) host = host[..slash];
        return host is "index.docker.io" or "registry-1.docker.io" or "docker.io" or "registry.hub.docker.com" ? DockerHubDomain : host;
    }

    /// <summary>The key of <paramref name="server"/> in config.json's <c>auths</c>.</summary>
    public static string ConfigKey(string server)
    {
        var host = Normalize(server);
        return host == DockerHubDomain ? DockerHubKey : host;
    }
}
