using System.Text;
using Berth.Storage.Interop;

namespace Berth.Storage.Tests;

/// <summary>Compares two directory trees entry by entry: type, owner, mode, content, link, device, xattrs, mtime.</summary>
internal static class TreeAssert
{
    /// <summary>Every entry below the roots (the roots' own metadata is not compared).</summary>
    public static void Equal(string expected, string actual)
    {
        var expectedEntries = Describe(expected);
        var actualEntries = Describe(actual);
        Assert.Equal(expectedEntries.Keys, actualEntries.Keys);
        foreach (var (name, description) in expectedEntries)
        {
            Assert.Equal($"{name}: {description}", $"{name}: {actualEntries[name]}");
        }
    }

    private static SortedDictionary<string, string> Describe(string root)
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var status = FileCalls.LstatExisting(path);
            var text = new StringBuilder($"mode={status.Mode:x} owner={status.Uid}:{status.Gid}");
            if (status.IsRegular)
            {
                text.Append($" content={Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)))[..16]}");
            }
            if (status.IsSymlink)
            {
                text.Append($" link={new FileInfo(path).LinkTarget}");
            }
            if (status.Type is FileStatus.CharDevice or FileStatus.BlockDevice)
            {
                text.Append($" dev={status.RdevMajor}:{status.RdevMinor}");
            }
            if (!status.IsDirectory)
            {
                text.Append($" mtime={status.MtimeSeconds}.{status.MtimeNanoseconds / 100:D7}");
            }
            foreach (var (name, value) in FileCalls.ReadXattrs(path).Where(pair => !pair.Key.StartsWith("trusted.overlay.", StringComparison.Ordinal)))
            {
                text.Append($" xattr:{name}={Convert.ToHexString(value)}");
            }
            entries[Path.GetRelativePath(root, path)] = text.ToString();
        }
        return entries;
    }
}
