using System.Security.Cryptography;
using System.Text;
using Berth.Oci;

namespace Berth.Engine.Snapshots;

/// <summary>
/// The OCI chain ID of a stack of layers, the name under which the stack's top layer is kept as a committed
/// snapshot. A diff ID names one layer's changes alone; a chain ID names those changes <em>on top of a given
/// parent stack</em>, so two images share a snapshot exactly when they share the whole stack below it:
/// <code>
/// ChainID(L0)     = DiffID(L0)
/// ChainID(L0..n)  = sha256(ChainID(L0..n-1) + " " + DiffID(Ln))     (both as "sha256:hex", one space)
/// </code>
/// </summary>
public static class ChainId
{
    /// <summary>The chain ID of <paramref name="diffId"/> on top of the stack <paramref name="parent"/> (null: the bottom layer).</summary>
    public static Digest Next(Digest? parent, Digest diffId) =>
        parent is { } below ? Digest.Compute(Encoding.UTF8.GetBytes($"{below} {diffId}")) : diffId;

    /// <summary>The chain ID of every prefix of <paramref name="diffIds"/>: element i names layers 0..i.</summary>
    public static IReadOnlyList<Digest> Chain(IReadOnlyList<Digest> diffIds)
    {
        ArgumentNullException.ThrowIfNull(diffIds);
        var chain = new List<Digest>(diffIds.Count);
        Digest? parent = null;
        foreach (var diffId in diffIds)
        {
            var next = Next(parent, diffId);
            chain.Add(next);
            parent = next;
        }
        return chain;
    }

    /// <summary>The chain ID of the whole stack; null for an image without layers.</summary>
    public static Digest? Of(IReadOnlyList<Digest> diffIds) => Chain(diffIds) is { Count: > 0 } chain ? chain[^1] : null;

    /// <summary>An image config's <c>rootfs.diff_ids</c>, parsed; InvalidArgument if one is not a sha256 digest.</summary>
    public static IReadOnlyList<Digest> DiffIdsOf(ImageConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.RootFs.DiffIds
            .Select(value => Digest.TryParse(value, out var digest) ? digest : throw BerthException.Invalid($"image config has an invalid diff_id \"{value}\""))
            .ToList();
    }
}
