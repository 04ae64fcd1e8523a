using Berth.Engine.Build.Contexts;

namespace Berth.Engine.Tests.Build;

public sealed class ContextReconcilerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("berth-reconcile-").FullName;
    private readonly string _outside = Directory.CreateTempSubdirectory("berth-outside-").FullName;

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }

    private static ContextEntry File(string path, long size) => new(path, ContextEntry.File, 420, size, 1, null);

    private static ContextEntry Dir(string path) => new(path, ContextEntry.Directory, 493, 0, 1, null);

    [Fact]
    public void WhatTheManifestNoLongerLists_IsRemoved_AndSymlinksAreNeverFollowed()
    {
        System.IO.File.WriteAllText(Path.Join(_root, "keep.txt"), "k");
        Directory.CreateDirectory(Path.Join(_root, "old/deep"));
        System.IO.File.WriteAllText(Path.Join(_root, "old/deep/f"), "f");
        System.IO.File.WriteAllText(Path.Join(_outside, "precious"), "p");
        Directory.CreateSymbolicLink(Path.Join(_root, "escape"), _outside);

        var removed = ContextReconciler.Reconcile(_root, [File("keep.txt", 1)]);

        Assert.Equal(["keep.txt"], Directory.EnumerateFileSystemEntries(_root).Select(Path.GetFileName));
        Assert.Equal(2, removed.Count);
        Assert.True(System.IO.File.Exists(Path.Join(_outside, "precious")));
    }

    [Fact]
    public void AListedEntryThatIsAbsentOrOfAnotherTypeOrSize_MeansTheCopyIsOutOfSync()
    {
        Directory.CreateDirectory(Path.Join(_root, "d"));
        System.IO.File.WriteAllText(Path.Join(_root, "f"), "abc");

        Assert.Throws<InvalidDataException>(() => ContextReconciler.Reconcile(_root, [Dir("d"), File("f", 3), File("absent", 1)]));
        Assert.Throws<InvalidDataException>(() => ContextReconciler.Reconcile(_root, [File("d", 0), File("f", 3)]));
        Assert.Throws<InvalidDataException>(() => ContextReconciler.Reconcile(_root, [Dir("d"), File("f", 4)]));
        Assert.Empty(ContextReconciler.Reconcile(_root, [Dir("d"), File("f", 3)]));
    }
}
