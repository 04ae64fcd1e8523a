using Berth.Oci;
using Berth.Runtime.Conmon;
using Berth.Runtime.OciRuntimes;

namespace Berth.Engine.Containers;

/// <summary>One OCI runtime and the conmon supervisor that creates containers with it.</summary>
public sealed record ContainerRuntime(IOciRuntime Runtime, IContainerSupervisor Supervisor);

/// <summary>
/// The OCI runtimes the daemon can run containers with, by name (<c>crun</c>, <c>runc</c>), and the default one,
/// which the daemon chose for the host at start. A container keeps the runtime it was created with.
/// </summary>
/// <param name="unavailable">Why no container can run (conmon missing, say), or null when they can.</param>
public sealed class ContainerRuntimes(string defaultName, IReadOnlyDictionary<string, ContainerRuntime> runtimes, string? unavailable = null)
{
    public string DefaultName { get; } = defaultName;

    public IEnumerable<string> Names => runtimes.Keys;

    /// <exception cref="BerthException">
    /// Unavailable when the host cannot run containers; InvalidArgument for a runtime the daemon does not have, in Docker's words.
    /// </exception>
    public ContainerRuntime Get(string name)
    {
        if (unavailable is not null) throw new BerthException(ErrorKind.Unavailable, unavailable);
        return runtimes.TryGetValue(name, out var runtime) ? runtime : throw BerthException.Invalid($"unknown or invalid runtime name: {name}");
    }
}
