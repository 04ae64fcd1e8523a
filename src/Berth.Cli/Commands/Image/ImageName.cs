using Berth.Api.Auth;

namespace Berth.Cli.Commands.Image;

/// <summary>
/// An image name split as the docker CLI sends it to the API: the repository, and the tag or digest apart
/// (the daemon parses and validates both; a port's colon is not a tag's).
/// </summary>
internal static class ImageName
{
    public static (string Repository, string? TagOrDigest) Split(string image)
    {
        var at = image.IndexOf('@');
        if (at >= 0) return (image[..at], image[(at + 1)..]);
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..]) : (image, null);
    }

    /// <summary>The full name docker prints after a pull: <c>docker.io/library/busybox:latest</c>.</summary>
    public static string Canonical(string repository, string tagOrDigest)
    {
        var domain = RegistryServer.DomainOf(repository);
        var slash = repository.IndexOf('/');
        var path = slash >= 0 && (domain != RegistryServer.DockerHubDomain || repository[..slash] is "docker.io" or "index.docker.io")
            ? repository[(slash + 1)..]
            : repository;
        if (domain == RegistryServer.DockerHubDomain && !path.Contains('/')) path = "library/" + path;
        return $"{domain}/{path}{(tagOrDigest.Contains(':') ? "@" : ":")}{tagOrDigest}";
    }
}
