using System.Text;
using Berth.Storage.Interop;

namespace Berth.Storage.Diff;

/// <summary>
/// The changes of an overlay snapshot, read straight from its upper directory, which holds exactly what
/// was written: every entry there is a change, a character device 0:0 is a deleted path (overlay's
/// whiteout) and a directory with <c>trusted.overlay.opaque=y</c> replaced the lower one. In name order,
/// depth first, so the same upper always gives the same sequence.
/// </summary>
/// <remarks>
/// This holds only while the overlay had <c>metacopy</c> and <c>redirect_dir</c> off (copy-ups are whole
/// files, renamed directories are copies): the overlay snapshotter mounts so.
/// </remarks>
internal static class UpperChanges
{
    public const string OpaqueXattr = "trusted.overlay.opaque";

    public static IEnumerable<LayerChange> Enumerate(string upper) => Walk(upper, "");

    private static IEnumerable<LayerChange> Walk(string directory, string prefix)
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal))
        {
            var name = prefix + Path.GetFileName(path);
            var status = FileCalls.LstatExisting(path);
            if (status.IsWhiteout)
            {
                yield return LayerChange.Whiteout(name);
                continue;
            }
            yield return LayerChange.Entry(name, path);
            if (status.IsDirectory)
            {
                if (IsOpaque(path))
                {
                    yield return LayerChange.Opaque(name);
                }
                foreach (var change in Walk(path, name + "/"))
                {
                    yield return change;
                }
            }
        }
    }

    private static bool IsOpaque(string directory) =>
        FileCalls.ReadXattrs(directory).TryGetValue(OpaqueXattr, out var value) && Encoding.ASCII.GetString(value) == "y";
}
