using Berth.Storage.Interop;

namespace Berth.Storage.Trees;

/// <summary>Gives a copied entry its source's owner, mode, xattrs and mtime, in the order that keeps each.</summary>
internal static class EntryMetadata
{
    public static void CopyFrom(FileStatus source, IReadOnlyDictionary<string, byte[]> xattrs, string path)
    {
        FileCalls.Lchown(path, source.Uid, source.Gid);
        // After lchown, which clears setuid/setgid; a symlink has no mode of its own to set.
        if (!source.IsSymlink)
        {
            File.SetUnixFileMode(path, source.Permissions);
        }
        // After lchown too, which drops security.capability.
        foreach (var (name, value) in xattrs)
        {
            FileCalls.SetXattr(path, name, value);
        }
        FileCalls.SetTimes(path, source.MtimeSeconds, source.MtimeNanoseconds);
    }
}
