namespace Berth.Storage.Trees;

/// <summary>
/// The tree helper other projects need (volumes: Docker's copy-up from the image), over the copier the native
/// snapshotter uses.
/// </summary>
public static class DirectoryTree
{
    /// <summary>
    /// Copies what <paramref name="source"/> holds into <paramref name="target"/>, an existing empty directory, with
    /// owners, modes, links, xattrs and mtimes, and gives <paramref name="target"/> the owner and mode of <paramref name="source"/>.
    /// </summary>
    public static void CopyInto(string source, string target, CancellationToken cancellationToken) =>
        TreeCopier.Copy(source, target, cancellationToken);
}
