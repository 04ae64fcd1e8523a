using System.Text;
using Berth.Oci;

namespace Berth.Storage.Mounting;

/// <summary>
/// Turns a <see cref="Mount"/> into the mount(2) calls that make it, as mount(8) would: option words become
/// MS_* flags, the rest joins into the data string; a read-only (or nosuid, …) bind takes a second,
/// remounting call because the kernel ignores those flags on the bind itself; propagation takes a third.
/// Overlay data longer than a page gets its lowerdirs made relative (<see cref="OverlayLowerdirs"/>).
/// Pure: no system calls, so every rule here has unit tests.
/// </summary>
internal static class MountPlanner
{
    public static IReadOnlyList<MountCall> Plan(Mount mount, string target, int pageSize)
    {
        ulong flags = 0;
        ulong propagation = 0;
        var data = new List<string>();
        foreach (var option in mount.Options)
        {
            if (MountFlags.Words.TryGetValue(option, out var word))
            {
                flags = word.Clear ? flags & ~word.Flag : flags | word.Flag;
            }
            else if (MountFlags.Propagation.TryGetValue(option, out var kind))
            {
                propagation = kind;
            }
            else
            {
                data.Add(option);
            }
        }

        var isBind = mount.Type == "bind" || (flags & MountFlags.Bind) != 0;
        if (isBind)
        {
            flags |= MountFlags.Bind;
        }
        string? workingDirectory = null;
        if (Length(data) > pageSize && mount.Type == "overlay")
        {
            (data, workingDirectory) = OverlayLowerdirs.Compact(data);
        }
        if (Length(data) > pageSize)
        {
            throw BerthException.Invalid(
                $"{mount.Type} mount options for {target} are {Length(data)} bytes, more than the kernel's {pageSize - 1}; use fewer layers");
        }

        var calls = new List<MountCall>
        {
            new(mount.Source, target, isBind ? null : mount.Type, flags,
                data.Count == 0 ? null : string.Join(',', data), workingDirectory),
        };
        if (isBind && (flags & MountFlags.BindRemountable) != 0 && (flags & MountFlags.Remount) == 0)
        {
            calls.Add(new(null, target, null, MountFlags.Remount | MountFlags.Bind | (flags & MountFlags.BindRemountable), null));
        }
        if (propagation != 0)
        {
            calls.Add(new(null, target, null, propagation, null));
        }
        return calls;
    }

    // mount(2) copies at most one page of data, the terminating NUL included.
    private static int Length(List<string> data) => data.Count == 0 ? 0 : Encoding.UTF8.GetByteCount(string.Join(',', data)) + 1;
}
