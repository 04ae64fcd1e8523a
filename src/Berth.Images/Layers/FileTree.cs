using System.Runtime.Versioning;

namespace Berth.Images.Layers;

/// <summary>Removal that never follows a symlink: a link in the tree is unlinked, what it points to is left alone.</summary>
[SupportedOSPlatform("linux")]
internal static class FileTree
{
    /// <summary>Removes whatever is at <paramref name="path"/>, a directory with all it holds; nothing there is fine.</summary>
    public static void Delete(string path)
    {
        var stat = Native.Lstat(path);
        if (stat is null)
        {
            return;
        }
        if (stat.Value.IsDirectory)
        {
            foreach (var child in Directory.EnumerateFileSystemEntries(path).ToList())
            {
                Delete(child);
            }
            Directory.Delete(path);
        }
        else
        {
            File.Delete(path);
        }
    }
}
