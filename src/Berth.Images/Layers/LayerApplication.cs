using System.Formats.Tar;
using System.Runtime.Versioning;
using Berth.Oci;

namespace Berth.Images.Layers;

/// <summary>
/// The state of applying one layer onto one root: which paths this layer has written (an opaque
/// directory keeps those and drops what lower layers left) and the directory times to set last.
/// With <see cref="WhiteoutStyle.Overlay"/> the root is an empty overlay upper, and whiteouts are written
/// in overlay's form instead of deleting anything.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class LayerApplication(string root, WhiteoutStyle whiteouts = WhiteoutStyle.Delete)
{
    // Overlay's own markers in an upper directory (what overlayfs writes through a mount).
    private const string OverlayXattrPrefix = "trusted.overlay.";
    private const string OverlayOpaqueXattr = "trusted.overlay.opaque";

    private const string WhiteoutPrefix = ".wh.";
    private const string MetaPrefix = ".wh..wh.";
    private const string OpaqueMarker = ".wh..wh..opq";

    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _directoryTimes = new(StringComparer.Ordinal);

    public async Task ApplyAsync(TarEntry entry, IReadOnlyDictionary<string, byte[]> xattrs, CancellationToken cancellationToken)
    {
        var parts = LayerEntryValidator.SplitName(entry);
        if (whiteouts == WhiteoutStyle.Overlay)
        {
            xattrs = WithoutOverlayXattrs(xattrs);
        }
        if (parts.Length == 0)
        {
            ApplyToRoot(entry, xattrs);
            return;
        }
        var name = parts[^1];
        if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
        {
            ApplyWhiteout(entry, parts[..^1], name);
            return;
        }

        var parent = ScopedResolver.ResolveDirectory(root, entry.Name, parts[..^1], createMissing: true, rejectEscapingLinks: false, MarkWritten)!;
        var relative = LayerPath.Join(parent, name);
        var path = Path.Join(root, relative);
        // Resolved before anything is removed: a hard link may name the very path it replaces.
        var hardLinkTarget = entry.EntryType == TarEntryType.HardLink ? ResolveHardLinkTarget(entry) : null;
        var isDirectory = entry.EntryType == TarEntryType.Directory;
        var replacesWhiteout = false;
        if (Native.Lstat(path) is { } existing && !(existing.IsDirectory && isDirectory))
        {
            replacesWhiteout = whiteouts == WhiteoutStyle.Overlay && IsOverlayWhiteout(existing);
            FileTree.Delete(path);
        }

        await EntryWriter.CreateAsync(entry, path, hardLinkTarget, cancellationToken).ConfigureAwait(false);
        MarkWritten(relative);
        if (isDirectory && replacesWhiteout)
        {
            // Through a mount, a directory made where a whiteout hid the lower one is made opaque by overlayfs;
            // without it the lower directory's files would show through again.
            Native.Lsetxattr(path, OverlayOpaqueXattr, "y"u8);
        }
        EntryWriter.ApplyMetadata(entry, path, xattrs, setTime: !isDirectory);
        if (isDirectory)
        {
            _directoryTimes[relative] = entry.ModificationTime;
        }
    }

    /// <summary>
    /// Sets the mtimes of the directories this layer named, deepest first, now that nothing more is
    /// written into them (each write into a directory would have moved its time again).
    /// </summary>
    public void SetDirectoryTimes()
    {
        foreach (var (relative, time) in _directoryTimes.OrderByDescending(pair => pair.Key.Count(c => c == '/')))
        {
            var path = Path.Join(root, relative);
            if (Native.Lstat(path) is { IsDirectory: true })
            {
                Native.SetTimes(path, time);
            }
        }
    }

    // "./" or "/": only a directory can describe the root, and only its metadata changes.
    private void ApplyToRoot(TarEntry entry, IReadOnlyDictionary<string, byte[]> xattrs)
    {
        if (entry.EntryType != TarEntryType.Directory)
        {
            throw BerthException.Invalid($"layer entry \"{entry.Name}\" names the layer root but is a {entry.EntryType}, not a directory");
        }
        EntryWriter.ApplyMetadata(entry, root, xattrs, setTime: false);
        _directoryTimes[""] = entry.ModificationTime;
    }

    private string ResolveHardLinkTarget(TarEntry entry)
    {
        var target = LayerEntryValidator.SplitHardLinkTarget(entry);
        var directory = target.Length == 0
            ? null
            : ScopedResolver.ResolveDirectory(root, entry.Name, target[..^1], createMissing: false, rejectEscapingLinks: true);
        var path = directory is null ? null : Path.Join(root, LayerPath.Join(directory, target[^1]));
        return (path is null ? null : Native.Lstat(path)) switch
        {
            null => throw BerthException.Invalid($"hard link \"{entry.Name}\" points to \"{entry.LinkName}\", which does not exist in the layer root"),
            { IsDirectory: true } => throw BerthException.Invalid($"hard link \"{entry.Name}\" points to \"{entry.LinkName}\", a directory"),
            _ => path!,
        };
    }

    private void ApplyWhiteout(TarEntry entry, string[] parents, string name)
    {
        if (whiteouts == WhiteoutStyle.Overlay)
        {
            WriteOverlayWhiteout(entry, parents, name);
            return;
        }
        var directory = ScopedResolver.ResolveDirectory(root, entry.Name, parents, createMissing: false, rejectEscapingLinks: false);
        if (directory is null)
        {
            return; // nothing below a missing directory to hide
        }
        if (name == OpaqueMarker)
        {
            RemoveLowerEntries(directory);
            return;
        }
        if (name.StartsWith(MetaPrefix, StringComparison.Ordinal))
        {
            return; // aufs bookkeeping such as .wh..wh.plnk: never content
        }
        var hidden = name[WhiteoutPrefix.Length..];
        if (hidden is "" or "." or "..")
        {
            throw BerthException.Invalid($"layer entry \"{entry.Name}\" is a whiteout of \"{hidden}\", which is not a name");
        }
        FileTree.Delete(Path.Join(root, LayerPath.Join(directory, hidden)));
    }

    // The parents are created in this upper when the layer did not name them: overlay merges an upper
    // directory with the lower one of the same name, so the whiteout still lands where it hides something.
    private void WriteOverlayWhiteout(TarEntry entry, string[] parents, string name)
    {
        if (name.StartsWith(MetaPrefix, StringComparison.Ordinal) && name != OpaqueMarker)
        {
            return;
        }
        var hidden = name == OpaqueMarker ? null : name[WhiteoutPrefix.Length..];
        if (hidden is "" or "." or "..")
        {
            throw BerthException.Invalid($"layer entry \"{entry.Name}\" is a whiteout of \"{hidden}\", which is not a name");
        }
        var directory = ScopedResolver.ResolveDirectory(root, entry.Name, parents, createMissing: true, rejectEscapingLinks: false, MarkWritten)!;
        if (hidden is null)
        {
            Native.Lsetxattr(Path.Join(root, directory), OverlayOpaqueXattr, "y"u8);
            return;
        }
        var relative = LayerPath.Join(directory, hidden);
        var path = Path.Join(root, relative);
        // This layer may have written the name before hiding it: the whiteout wins, as a delete would have.
        FileTree.Delete(path);
        Native.Mknod(path, Native.S_IFCHR, 0, 0);
        MarkWritten(relative);
    }

    private static bool IsOverlayWhiteout(Native.FileStat stat) => stat.Type == Native.S_IFCHR && stat.RdevMajor == 0 && stat.RdevMinor == 0;

    // A tar may carry xattrs in overlay's namespace; through a mount overlayfs refuses them, and written
    // straight into an upper they would be read as overlay's own markers (opaque, redirect), so they go.
    private static IReadOnlyDictionary<string, byte[]> WithoutOverlayXattrs(IReadOnlyDictionary<string, byte[]> xattrs) =>
        xattrs.Count == 0 || !xattrs.Keys.Any(key => key.StartsWith(OverlayXattrPrefix, StringComparison.Ordinal))
            ? xattrs
            : xattrs.Where(pair => !pair.Key.StartsWith(OverlayXattrPrefix, StringComparison.Ordinal)).ToDictionary(StringComparer.Ordinal);

    // Opaque: what lower layers left in the directory goes, what this layer wrote stays, whether it came
    // before the marker or comes after it. A directory this layer wrote into keeps only what it wrote.
    private void RemoveLowerEntries(string directory)
    {
        foreach (var child in Directory.EnumerateFileSystemEntries(Path.Join(root, directory)).ToList())
        {
            var relative = LayerPath.Join(directory, Path.GetFileName(child));
            if (!_written.Contains(relative))
            {
                FileTree.Delete(child);
            }
            else if (Native.Lstat(child) is { IsDirectory: true })
            {
                RemoveLowerEntries(relative);
            }
        }
    }

    // A path counts with all its parents: writing a/b/c means this layer has a/b too.
    private void MarkWritten(string relative)
    {
        while (relative.Length > 0 && _written.Add(relative))
        {
            var slash = relative.LastIndexOf('/');
            relative = slash < 0 ? "" : relative[..slash];
        }
    }
}
