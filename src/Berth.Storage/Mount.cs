namespace Berth.Storage;

/// <summary>
/// One mount, described rather than done, as containerd's <c>mount.Mount</c>: what a snapshotter hands out
/// so that whoever needs the files (the runtime for a rootfs, the builder for a step) mounts them where it
/// wants. <paramref name="Type"/> is a file system type (<c>overlay</c>) or <c>bind</c>;
/// <paramref name="Options"/> are fstab-style: flags such as <c>ro</c> or <c>rbind</c> and
/// <c>key=value</c> data such as <c>lowerdir=…</c>, in the order they are given to the kernel.
/// </summary>
public sealed record Mount(string Type, string Source, IReadOnlyList<string> Options)
{
    /// <summary>The value of the first <c>key=value</c> option named <paramref name="key"/>, or null.</summary>
    public string? Option(string key)
    {
        var prefix = key + "=";
        return Options.FirstOrDefault(option => option.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];
    }
}
