using Berth.Dockerfile.Ignore;

namespace Berth.Build.Files;

/// <summary>
/// Walking a tree past .dockerignore: an ignored directory is still entered when some <c>!</c> exception could
/// bring back a path inside it (<c>docs</c> then <c>!docs/README.md</c>), as Docker does.
/// </summary>
internal static class IgnoreWalk
{
    public static bool MayReadmit(FileSystemInfo entry, IgnoreFile ignore) =>
        ignore.HasExceptions && entry is DirectoryInfo && entry.LinkTarget is null;
}
