using System.Runtime.InteropServices;
using Berth.Oci;

namespace Berth.Network.Namespaces;

/// <summary>
/// Persistent network namespaces as podman and nerdctl keep them: a fresh namespace bind-mounted onto a file
/// under the exec root, so it lives without any process in it, its loopback already up. CNI configures the rest
/// before the container starts, and the runtime spec points the container at that path.
/// </summary>
public sealed partial class NetworkNamespaces(string directory)
{
    private const int CloneNewNet = 0x40000000;
    private const ulong MsBind = 0x1000;
    private const int MntDetach = 2;
    private const int OReadOnlyCloexec = 0x80000;
    private const int AfInet = 2;
    private const int SockDgramCloexec = 2 | 0x80000;
    private const ulong SiocGetInterfaceFlags = 0x8913;
    private const ulong SiocSetInterfaceFlags = 0x8914;
    private const short InterfaceUp = 0x1;
    // struct ifreq: a 16-byte name, then a union whose first member is the flags (a short).
    private const int InterfaceRequestSize = 40;
    private const int NameSize = 16;

    public string Directory { get; } = directory;

    public string PathOf(string containerId) => Path.Join(Directory, containerId);

    /// <summary>Makes the namespace for <paramref name="containerId"/> and returns its path.</summary>
    /// <remarks>
    /// unshare(2) moves only the calling thread, so it runs on a thread of its own, which returns to the
    /// daemon's namespace (setns) before it ends; no other work ever sees the new namespace.
    /// </remarks>
    public string Create(string containerId)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = PathOf(containerId);
        Remove(containerId);
        File.WriteAllBytes(path, []);
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                MountNewNamespace(path);
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            File.Delete(path);
            throw new BerthException(ErrorKind.Internal, $"cannot create network namespace {path}: {failure.Message}", failure);
        }
        return path;
    }

    /// <summary>Unmounts and deletes the namespace file; nothing happens when it is already gone.</summary>
    public void Remove(string containerId)
    {
        var path = PathOf(containerId);
        if (!File.Exists(path)) return;
        // EINVAL: the file is not a mount point (a create that failed half way); the file still goes.
        if (Umount2(path, MntDetach) != 0 && Marshal.GetLastPInvokeError() is var errno && errno != 22 && errno != 2)
            throw new IOException($"umount {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
        File.Delete(path);
    }

    /// <summary>The container ids that have a namespace file here.</summary>
    public IEnumerable<string> List() =>
        System.IO.Directory.Exists(Directory) ? System.IO.Directory.EnumerateFiles(Directory).Select(Path.GetFileName).OfType<string>() : [];

    private static void MountNewNamespace(string path)
    {
        var original = Open("/proc/thread-self/ns/net", OReadOnlyCloexec);
        if (original < 0) throw Failure("open /proc/thread-self/ns/net");
        try
        {
            if (Unshare(CloneNewNet) != 0) throw Failure("unshare");
            try
            {
                BringLoopbackUp();
                if (Mount("/proc/thread-self/ns/net", path, null, MsBind, IntPtr.Zero) != 0) throw Failure("mount");
            }
            finally
            {
                if (Setns(original, CloneNewNet) != 0) Environment.FailFast("berthd could not return a thread to its own network namespace");
            }
        }
        finally
        {
            _ = Close(original);
        }
    }

    /// <summary>
    /// Sets lo up in the calling thread's namespace (the kernel then gives it 127.0.0.1 and ::1), what CNI's loopback
    /// plugin does, without a process for every container start.
    /// </summary>
    private static unsafe void BringLoopbackUp()
    {
        var socket = Socket(AfInet, SockDgramCloexec, 0);
        if (socket < 0) throw Failure("socket");
        try
        {
            var request = stackalloc byte[InterfaceRequestSize];
            new Span<byte>(request, InterfaceRequestSize).Clear();
            "lo"u8.CopyTo(new Span<byte>(request, NameSize));
            if (Ioctl(socket, SiocGetInterfaceFlags, request) != 0) throw Failure("ioctl SIOCGIFFLAGS lo");
            *(short*)(request + NameSize) |= InterfaceUp;
            if (Ioctl(socket, SiocSetInterfaceFlags, request) != 0) throw Failure("ioctl SIOCSIFFLAGS lo");
        }
        finally
        {
            _ = Close(socket);
        }
    }

    private static IOException Failure(string call) => new($"{call}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static unsafe partial int Ioctl(int fd, ulong request, byte* argument);

    [LibraryImport("libc", EntryPoint = "unshare", SetLastError = true)]
    private static partial int Unshare(int flags);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int Setns(int fd, int nstype);

    [LibraryImport("libc", EntryPoint = "mount", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Mount(string source, string target, string? type, ulong flags, IntPtr data);

    [LibraryImport("libc", EntryPoint = "umount2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Umount2(string target, int flags);
}
