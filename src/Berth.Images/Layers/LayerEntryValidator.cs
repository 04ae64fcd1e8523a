using System.Formats.Tar;
using Berth.Oci;

namespace Berth.Images.Layers;

/// <summary>
/// The checks on a tar entry that need no file system: its name, and a hard link's target, must stay under
/// the root. `import` stores a tar without unpacking it and runs these so that a bad tar is refused at once;
/// <see cref="LayerApplier"/> runs the same ones before writing anything.
/// </summary>
public static class LayerEntryValidator
{
    /// <summary>Throws <see cref="BerthException"/> (invalid argument) if <paramref name="entry"/> would escape its root.</summary>
    public static void Validate(TarEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        SplitName(entry);
        if (entry.EntryType == TarEntryType.HardLink)
        {
            SplitHardLinkTarget(entry);
        }
    }

    internal static string[] SplitName(TarEntry entry)
    {
        RejectNul(entry.Name, entry.Name);
        return LayerPath.Split(entry.Name)
            ?? throw BerthException.Invalid($"layer entry \"{entry.Name}\" escapes the layer root: its '..' climbs outside it");
    }

    internal static string[] SplitHardLinkTarget(TarEntry entry)
    {
        RejectNul(entry.Name, entry.LinkName);
        return LayerPath.Split(entry.LinkName)
            ?? throw BerthException.Invalid($"hard link \"{entry.Name}\" points to \"{entry.LinkName}\", outside the layer root");
    }

    // A NUL would cut the path short when it reaches the kernel, so what is checked would not be what is used.
    private static void RejectNul(string entryName, string path)
    {
        if (path.Contains('\0'))
        {
            throw BerthException.Invalid($"layer entry \"{entryName.Replace("\0", "\\0")}\" has a NUL byte in a path");
        }
    }
}
