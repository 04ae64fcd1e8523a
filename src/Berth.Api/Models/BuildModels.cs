namespace Berth.Api.Models;

/// <summary>What <c>POST /build/prune</c> answers: the cache records forgotten and the bytes given back.</summary>
public sealed record BuildPruneReport
{
    public List<string> CachesDeleted { get; init; } = [];
    public long SpaceReclaimed { get; init; }
}

/// <summary>
/// One entry of a build context as the client's lstat sees it (Berth's context sync, <c>POST /build/context</c>):
/// what tells the daemon whether the copy it kept from the last build of the same directory is still current.
/// </summary>
public sealed record BuildContextEntry
{
    /// <summary>Slash-separated, relative to the context root.</summary>
    public string Path { get; set; } = "";
    /// <summary><c>f</c> regular file, <c>d</c> directory, <c>l</c> symlink.</summary>
    public string Type { get; set; } = "f";
    /// <summary>Permission bits, with setuid, setgid and sticky.</summary>
    public int Mode { get; set; }
    public long Size { get; set; }
    /// <summary>Modification time in 100 ns ticks since 0001-01-01 UTC.</summary>
    public long ModTime { get; set; }
    public string? Link { get; set; }
}

/// <summary>The body of <c>POST /build/context</c>: every entry the build context holds.</summary>
public sealed record BuildContextManifest
{
    public List<BuildContextEntry> Entries { get; set; } = [];
}

/// <summary>
/// What <c>POST /build/context</c> answers: the upload to name in <c>POST /build?berthcontext=</c>, and the entries
/// whose content the daemon does not hold, the only ones that build's tar needs to carry.
/// </summary>
public sealed record BuildContextUpload
{
    public string Upload { get; set; } = "";
    public List<string> Missing { get; set; } = [];
}
