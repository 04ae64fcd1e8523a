namespace Berth.Cli.Commands.Build.Progress;

/// <summary>Image names written out in full (<c>docker.io/library/busybox</c>), as BuildKit's progress names them.</summary>
internal static class ReferenceNames
{
    public static string Qualify(string name)
    {
        var slash = name.IndexOf('/');
        if (slash < 0) return "docker.io/library/" + name;
        var first = name[..slash];
        // Only a first component that looks like a host (a dot, a port, or localhost) names a registry.
        return first.Contains('.') || first.Contains(':') || first == "localhost" ? name : "docker.io/" + name;
    }

    /// <summary>A tag as <c>naming to</c> prints it: qualified, with <c>:latest</c> when it has no tag or digest.</summary>
    public static string QualifyTag(string tag)
    {
        var qualified = Qualify(tag);
        var lastPart = qualified[(qualified.LastIndexOf('/') + 1)..];
        return lastPart.Contains(':') || lastPart.Contains('@') ? qualified : qualified + ":latest";
    }
}
