namespace Berth.Registry.Client;

/// <summary>Docker Hub's names: images say docker.io, its API answers at registry-1.docker.io.</summary>
public static class RegistryHosts
{
    public const string DockerHub = "docker.io";
    public const string DockerHubApi = "registry-1.docker.io";

    /// <summary>The host to send API requests to for a reference's <paramref name="domain"/>.</summary>
    public static string ApiHost(string domain) => domain == DockerHub ? DockerHubApi : domain;
}
