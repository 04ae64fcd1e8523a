using System.Formats.Tar;
using System.Runtime.Versioning;
using Berth.Oci;

namespace Berth.Images.Layers;

/// <summary>
/// Creates one tar entry's node at a path whose parents are real directories inside the root and where
/// nothing exists any more (or, for a directory entry, a directory may), then gives it the header's metadata.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class EntryWriter
{
    // Nodes start private and get the header's mode at the end, after lchown (which clears setuid/setgid).
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDirectory = Private | UnixFileMode.UserExecute;

    public static async Task CreateAsync(TarEntry entry, string path, string? hardLinkTarget, CancellationToken cancellationToken)
    {
        switch (entry.EntryType)
        {
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                await WriteFileAsync(entry, path, cancellationToken).ConfigureAwait(false);
                break;
            case TarEntryType.Directory:
                if (!Directory.Exists(path))
                {
                    Directory.CreateDirectory(path, PrivateDirectory);
                }
                break;
            case TarEntryType.SymbolicLink:
                File.CreateSymbolicLink(path, entry.LinkName);
                break;
            case TarEntryType.HardLink:
                Native.HardLink(hardLinkTarget!, path);
                break;
            case TarEntryType.CharacterDevice or TarEntryType.BlockDevice:
                if (entry is not PosixTarEntry device)
                {
                    throw BerthException.Invalid($"layer entry \"{entry.Name}\" is a device without device numbers");
                }
                var type = entry.EntryType == TarEntryType.CharacterDevice ? Native.S_IFCHR : Native.S_IFBLK;
                Native.Mknod(path, type | (uint)Private, (uint)device.DeviceMajor, (uint)device.DeviceMinor);
                break;
            case TarEntryType.Fifo:
                Native.Mknod(path, Native.S_IFIFO | (uint)Private, 0, 0);
                break;
            default:
                throw BerthException.Invalid($"layer entry \"{entry.Name}\" has a type Berth cannot apply: {entry.EntryType}");
        }
    }

    /// <summary>Ownership, mode, xattrs and (except for directories, whose time the caller sets last) mtime.</summary>
    public static void ApplyMetadata(TarEntry entry, string path, IReadOnlyDictionary<string, byte[]> xattrs, bool setTime)
    {
        // A hard link may name a symlink; its mode cannot be set and must not be set on what it points to.
        var isSymlink = Native.Lstat(path) is { IsSymlink: true };
        Native.Lchown(path, entry.Uid, entry.Gid);
        if (!isSymlink)
        {
            File.SetUnixFileMode(path, entry.Mode);
        }
        // After lchown, which drops security.capability.
        foreach (var (name, value) in xattrs)
        {
            Native.Lsetxattr(path, name, value);
        }
        if (setTime)
        {
            Native.SetTimes(path, entry.ModificationTime);
        }
    }

    // Most layer files are small: one pooled buffer per file, filled from the tar and written synchronously, not with an
    // async FileStream (on Linux that is a thread-pool hop per write and per flush).
    private const int CopyBuffer = 128 * 1024;

    // CreateNew is O_CREAT|O_EXCL: it fails rather than follow a symlink that appeared at the final component.
    private static async Task WriteFileAsync(TarEntry entry, string path, CancellationToken cancellationToken)
    {
        // Unbuffered (BufferSize 0): each Write is one write(2) of a whole buffer.
        using var file = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = Private, BufferSize = 0 });
        if (entry.DataStream is not { } data)
        {
            return;
        }
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent((int)Math.Clamp(entry.Length, 1, CopyBuffer));
        try
        {
            int read;
            while ((read = await data.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                file.Write(buffer, 0, read);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
