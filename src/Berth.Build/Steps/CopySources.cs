using Berth.Build.Files;
using Berth.Dockerfile.Ignore;
using Berth.Runtime.Spec;

namespace Berth.Build.Steps;

/// <summary>
/// A tree that COPY or ADD reads from: the build context (with its .dockerignore) or another stage's or image's
/// rootfs. Paths inside resolve within the tree, symlinks included.
/// </summary>
/// <param name="digests">The known digests of the tree's files, for a context the daemon keeps between builds.</param>
internal sealed class CopySources(string root, IgnoreFile ignore, FileDigestCache? digests = null)
{
    public string Root { get; } = root;

    public IgnoreFile Ignore { get; } = ignore;

    public FileDigestCache? Digests { get; } = digests;

    /// <summary>The host path of a tree path ("" is the root).</summary>
    public string HostPath(string path) => ScopedPath.Resolve(Root, "/" + path);

    /// <summary>The paths <paramref name="source"/> names; an error in Docker's words when it names nothing.</summary>
    public IReadOnlyList<string> Resolve(string source, string instruction)
    {
        var paths = SourcePaths.Resolve(Root, source, Ignore, HostPath);
        if (paths.Count == 0)
        {
            throw new BuildFailedException(SourcePaths.HasWildcard(source)
                ? $"{instruction} failed: no source files were specified"
                : $"{instruction} failed: file not found in build context or excluded by .dockerignore: stat {source.TrimStart('/')}: file does not exist");
        }
        return paths;
    }
}
