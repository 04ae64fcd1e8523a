namespace Berth.Engine.Containers;

/// <summary>
/// Where a container's files live. What must outlive a reboot (the log, the /etc files, conmon's persist
/// directory) is under the data root; the bundle, the rootfs mount point, exit files and attach sockets are
/// under the exec root, which is normally a tmpfs and empty after a reboot, as is what they describe.
/// </summary>
public sealed class ContainerLayout(string dataRoot, string execRoot)
{
    public string ContainersRoot { get; } = Path.Join(dataRoot, "containers");
    public string ExitDir { get; } = Path.Join(execRoot, "exits");
    /// <summary>Short on purpose: attach socket paths (SOCKETDIR/ID/attach) must fit a unix socket address.</summary>
    public string SocketDir { get; } = Path.Join(execRoot, "s");
    public string BundlesRoot { get; } = Path.Join(execRoot, "containers");

    public string DataDir(string id) => Path.Join(ContainersRoot, id);
    /// <summary>conmon's k8s-file log.</summary>
    public string LogPath(string id) => Path.Join(DataDir(id), "container.log");
    public string PersistDir(string id) => Path.Join(DataDir(id), "conmon");
    public string HostnamePath(string id) => Path.Join(DataDir(id), "hostname");
    public string HostsPath(string id) => Path.Join(DataDir(id), "hosts");
    public string ResolvConfPath(string id) => Path.Join(DataDir(id), "resolv.conf");
    public string BundleDir(string id) => Path.Join(BundlesRoot, id);
    public string RootfsPath(string id) => Path.Join(BundleDir(id), "rootfs");
    public string RuntimeStateRoot(string runtime) => Path.Join(execRoot, "runtime-" + runtime);
}
