namespace Berth.Storage.Diff;

/// <summary>
/// One change a layer carries. <paramref name="Name"/> is the path in the rootfs, relative, '/'-separated.
/// An <see cref="LayerChangeKind.Entry"/> is written from the file at <paramref name="Source"/>; a
/// <see cref="LayerChangeKind.Whiteout"/> deletes <paramref name="Name"/>; an <see cref="LayerChangeKind.Opaque"/>
/// hides everything lower layers had in the directory <paramref name="Name"/>.
/// </summary>
internal readonly record struct LayerChange(LayerChangeKind Kind, string Name, string? Source = null)
{
    public static LayerChange Entry(string name, string source) => new(LayerChangeKind.Entry, name, source);
    public static LayerChange Whiteout(string name) => new(LayerChangeKind.Whiteout, name);
    public static LayerChange Opaque(string name) => new(LayerChangeKind.Opaque, name);
}

internal enum LayerChangeKind
{
    Entry,
    Whiteout,
    Opaque,
}
