namespace Berth.Runtime.Spec;

/// <summary>
/// Host paths of the per-container files the engine writes and bind-mounts over the image's own, as Docker
/// does, so that name resolution and the hostname follow the container's network. A null path is not mounted.
/// </summary>
public sealed record ContainerFiles
{
    public string? HostsPath { get; init; }
    public string? HostnamePath { get; init; }
    public string? ResolvConfPath { get; init; }
}
