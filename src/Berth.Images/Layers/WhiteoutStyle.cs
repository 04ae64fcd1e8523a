namespace Berth.Images.Layers;

/// <summary>What a layer's whiteouts (<c>.wh.NAME</c>, <c>.wh..wh..opq</c>) do to the directory it is applied onto.</summary>
public enum WhiteoutStyle
{
    /// <summary>
    /// The directory shows the lower layers (an overlay mount of them, or a copy): a whiteout deletes the name
    /// it hides, and an opaque directory loses what the lower layers left in it.
    /// </summary>
    Delete,

    /// <summary>
    /// The directory is an empty overlay upper that will be stacked on the lower layers later: a whiteout
    /// becomes overlay's own (a 0:0 character device of the hidden name), an opaque directory gets
    /// <c>trusted.overlay.opaque=y</c>, as overlayfs itself would have written them through a mount. Nothing
    /// of the lower layers is visible, so a hard link may only name a file of this layer.
    /// </summary>
    Overlay,
}
