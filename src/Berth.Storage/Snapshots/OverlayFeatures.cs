namespace Berth.Storage.Snapshots;

/// <summary>
/// The overlay options every snapshot mount carries, from what the kernel's overlay module knows
/// (<c>/sys/module/overlay/parameters/</c>). Each feature named there is turned off, whatever the module's
/// default, because each breaks something a snapshotter relies on:
/// <c>index=off</c> (an inode index ties a lower layer to one upper, but layers are shared by many
/// containers; containerd sets it too), <c>metacopy=off</c> (a metadata-only copy-up leaves an upper file
/// without its data, so the upper would no longer be the layer diff) and <c>redirect_dir=off</c> (a renamed
/// directory would be a redirect xattr no layer tar can say; off, the rename is a copy).
/// </summary>
internal sealed record OverlayFeatures(IReadOnlyList<string> Options)
{
    private static readonly string[] Features = ["index", "metacopy", "redirect_dir"];

    public static OverlayFeatures Probe(string parameters = "/sys/module/overlay/parameters") =>
        new(Features.Where(feature => File.Exists(Path.Join(parameters, feature))).Select(feature => $"{feature}=off").ToList());
}
