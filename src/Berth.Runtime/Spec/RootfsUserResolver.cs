using Berth.Oci;

namespace Berth.Runtime.Spec;

/// <summary>
/// Resolves users against the /etc/passwd and /etc/group of a container's rootfs, with the semantics runc's
/// user package gives Docker: a user is found by name or by uid (first entry wins); a numeric id with no
/// entry is used as it is, with gid 0 and home "/"; an explicit group replaces the supplementary groups,
/// which otherwise are every group that lists the user's name as a member. A missing file is empty.
/// </summary>
public sealed class RootfsUserResolver(string rootfsPath) : IUserResolver
{
    public ResolvedUser ResolveUser(string user)
    {
        var colon = user.IndexOf(':');
        var userPart = colon < 0 ? user : user[..colon];
        var groupPart = colon < 0 ? null : user[(colon + 1)..];
        // No user means root, looked up like "0" so that root's passwd entry supplies its home.
        if (userPart.Length == 0) userPart = "0";

        var numericUid = ParseNumeric(userPart);
        var entry = ReadLines("/etc/passwd") is { } passwd
            ? EtcFiles.ParsePasswd(passwd).FirstOrDefault(e => e.Name == userPart || (numericUid is { } id && e.Uid == id))
            : null;
        if (entry is null && numericUid is null)
        {
            throw BerthException.Invalid($"unable to find user {userPart}: no matching entries in passwd file");
        }

        var uid = entry?.Uid ?? numericUid!.Value;
        var gid = entry?.Gid ?? 0;
        var home = string.IsNullOrEmpty(entry?.Home) ? "/" : entry.Home;
        IReadOnlyList<uint> supplementary = [];
        if (!string.IsNullOrEmpty(groupPart))
        {
            gid = ResolveGroup(groupPart);
        }
        else if (entry is not null && entry.Name.Length > 0)
        {
            supplementary = Groups().Where(g => g.Members.Contains(entry.Name) && g.Gid is not null)
                .Select(g => (uint)g.Gid!.Value).Distinct().ToList();
        }
        return new ResolvedUser { Uid = (uint)uid, Gid = (uint)gid, AdditionalGids = supplementary, Home = home };
    }

    public uint ResolveGroup(string group)
    {
        var numeric = ParseNumeric(group);
        var entry = Groups().FirstOrDefault(g => g.Name == group || (numeric is { } id && g.Gid == id));
        if (entry?.Gid is { } gid) return (uint)gid;
        return numeric is { } n
            ? (uint)n
            : throw BerthException.Invalid($"unable to find group {group}: no matching entries in group file");
    }

    private IEnumerable<GroupEntry> Groups() =>
        ReadLines("/etc/group") is { } lines ? EtcFiles.ParseGroup(lines) : [];

    private string[]? ReadLines(string containerPath)
    {
        var path = ScopedPath.Resolve(rootfsPath, containerPath);
        return File.Exists(path) ? File.ReadAllLines(path) : null;
    }

    /// <summary>A number means an id; one out of range is an error rather than a name to look up.</summary>
    private static long? ParseNumeric(string text)
    {
        if (text.Length == 0 || !text.All(char.IsAsciiDigit)) return null;
        return EtcFiles.Id(text) ?? throw BerthException.Invalid($"invalid id {text}: uids and gids must be in range 0-{int.MaxValue}");
    }
}
