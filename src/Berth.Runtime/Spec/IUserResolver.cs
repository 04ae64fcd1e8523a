namespace Berth.Runtime.Spec;

/// <summary>
/// Turns the user and group names a container is run with into numeric ids, the way the container's
/// own /etc/passwd and /etc/group define them (never the host's).
/// </summary>
public interface IUserResolver
{
    /// <summary>
    /// Resolves <c>""</c> (root), <c>uid</c>, <c>uid:gid</c>, <c>name</c> or <c>name:group</c>. Numeric ids need
    /// no entry; a name without one is a <see cref="Oci.BerthException"/> of kind InvalidArgument.
    /// </summary>
    ResolvedUser ResolveUser(string user);

    /// <summary>Resolves one <c>--group-add</c> entry, a group name or gid.</summary>
    uint ResolveGroup(string group);
}

/// <summary>A resolved user: ids, the groups /etc/group lists the user in, and the home directory.</summary>
public sealed record ResolvedUser
{
    public required uint Uid { get; init; }
    public required uint Gid { get; init; }
    public required IReadOnlyList<uint> AdditionalGids { get; init; }
    /// <summary>From passwd, or "/" when the user has no entry; becomes HOME unless the env sets it.</summary>
    public required string Home { get; init; }
}
