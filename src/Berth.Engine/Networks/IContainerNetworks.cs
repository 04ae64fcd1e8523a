using Berth.Engine.Containers;

namespace Berth.Engine.Networks;

/// <summary>
/// What the container service asks of networking, in a container's lifecycle: check and record its networks at
/// create; at start make its namespace and attach it (before the bundle, which points at the namespace) and
/// then write its network lines into the /etc files; at every end of a run detach it; at removal forget it.
/// </summary>
public interface IContainerNetworks
{
    /// <exception cref="Oci.BerthException">NotFound for a network that does not exist; InvalidArgument for settings Docker refuses.</exception>
    void Validate(NetworkRequest request);

    void Register(string containerId, NetworkRequest request);

    /// <returns>The namespace path the runtime spec must use; null for the host's network.</returns>
    /// <exception cref="Oci.BerthException">Conflict for a host port in use; the plugin's error. Nothing is left attached.</exception>
    Task<string?> AttachAsync(ContainerRecord container, string hostname, NetworkRequest request, CancellationToken cancellationToken);

    /// <summary>Adds the network members to the container's /etc/hosts and applies --dns… to its resolv.conf.</summary>
    Task WriteEtcFilesAsync(string containerId, NetworkRequest request, CancellationToken cancellationToken);

    /// <summary>After a rename: the container's peers on user-defined networks resolve its new name, and no longer the old.</summary>
    Task RenamedAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>Releases addresses, ports and the namespace; safe to call for a container that has none.</summary>
    Task DetachAsync(string containerId);

    Task ForgetAsync(string containerId);
}
