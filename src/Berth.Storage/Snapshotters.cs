using Berth.Oci;
using Berth.Storage.Mounting;
using Berth.Storage.Snapshots;

namespace Berth.Storage;

/// <summary>Which snapshotter a data root gets, and why (for the daemon's log).</summary>
public sealed record SnapshotterChoice(string Name, string Reason);

/// <summary>
/// Picks and opens the snapshotter: <c>overlay</c> where the kernel has overlayfs and an overlay mount
/// really works on the data root's file system (overlay cannot use some file systems, an overlay among
/// them, as its upper), <c>native</c> anywhere else.
/// </summary>
public static class Snapshotters
{
    public const string Overlay = "overlay";
    public const string Native = "native";

    /// <summary>
    /// Tries overlay under <paramref name="root"/> (created if missing) with a throwaway two-layer mount
    /// made by <paramref name="mounter"/>, and removes it again.
    /// </summary>
    public static async Task<SnapshotterChoice> DetectAsync(string root, IMounter mounter, string procFilesystems = "/proc/filesystems", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mounter);
        if (!File.Exists(procFilesystems) ||
            !(await File.ReadAllLinesAsync(procFilesystems, cancellationToken).ConfigureAwait(false)).Any(line => line.Split('\t').LastOrDefault() == "overlay"))
        {
            return new(Native, $"the kernel has no overlayfs (not in {procFilesystems})");
        }
        Directory.CreateDirectory(root);
        var probe = Path.Join(root, $"overlay-probe-{Guid.NewGuid():N}");
        string Dir(string name) => Path.Join(probe, name);
        try
        {
            foreach (var name in new[] { "lower1", "lower2", "upper", "work", "merged" })
            {
                Directory.CreateDirectory(Dir(name));
            }
            await File.WriteAllTextAsync(Path.Join(Dir("lower1"), "probe"), "probe", cancellationToken).ConfigureAwait(false);
            var options = OverlayFeatures.Probe().Options
                .Concat([$"workdir={Dir("work")}", $"upperdir={Dir("upper")}", $"lowerdir={Dir("lower2")}:{Dir("lower1")}"]).ToList();
            await mounter.MountAsync([new Mount("overlay", "overlay", options)], Dir("merged"), cancellationToken).ConfigureAwait(false);
            try
            {
                if (!File.Exists(Path.Join(Dir("merged"), "probe")))
                {
                    return new(Native, $"a test overlay mount on {root} did not show its lower layer");
                }
            }
            finally
            {
                await mounter.UnmountAsync(Dir("merged"), CancellationToken.None).ConfigureAwait(false);
            }
            return new(Overlay, $"overlayfs works on {root}");
        }
        catch (IOException e)
        {
            return new(Native, $"a test overlay mount on {root} failed: {e.Message}");
        }
        finally
        {
            Directory.Delete(probe, recursive: true);
        }
    }

    /// <summary>Opens (creating if new) the snapshotter <paramref name="name"/> keeping its snapshots under <paramref name="root"/>.</summary>
    public static ILayerSnapshotter Open(string name, string root) => name switch
    {
        Overlay => new OverlaySnapshotter(root, OverlayFeatures.Probe()),
        Native => new NativeSnapshotter(root),
        _ => throw BerthException.Invalid($"unknown snapshotter \"{name}\"; expected {Overlay} or {Native}"),
    };
}
