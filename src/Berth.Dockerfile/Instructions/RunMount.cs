using System.Text.Json.Serialization;

namespace Berth.Dockerfile.Instructions;

[JsonConverter(typeof(JsonStringEnumConverter<MountType>))]
internal enum MountType
{
    [JsonStringEnumMemberName("bind")]
    Bind,
    [JsonStringEnumMemberName("cache")]
    Cache,
    [JsonStringEnumMemberName("tmpfs")]
    Tmpfs,
    [JsonStringEnumMemberName("secret")]
    Secret,
    [JsonStringEnumMemberName("ssh")]
    Ssh,
}

/// <summary>How concurrent builds share a cache mount.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CacheSharing>))]
internal enum CacheSharing
{
    [JsonStringEnumMemberName("shared")]
    Shared,
    [JsonStringEnumMemberName("private")]
    Private,
    [JsonStringEnumMemberName("locked")]
    Locked,
}

/// <summary>
/// One <c>RUN --mount=type=…,…</c>. Defaults follow BuildKit: bind when no type; read-only for bind, secret
/// and ssh unless rw is given, read-write for cache and tmpfs.
/// </summary>
internal sealed record RunMount
{
    public MountType Type { get; init; } = MountType.Bind;

    /// <summary>Stage or image to mount from (bind, cache).</summary>
    public string? From { get; init; }

    public string? Source { get; init; }

    public string? Target { get; init; }

    public bool ReadOnly { get; init; }

    /// <summary>tmpfs size in bytes; 0 when unset.</summary>
    public long SizeLimit { get; init; }

    /// <summary>Cache id, or secret/ssh id.</summary>
    public string? Id { get; init; }

    /// <summary>Cache sharing; null when unset (BuildKit then uses shared).</summary>
    public CacheSharing? Sharing { get; init; }

    /// <summary>Secret/ssh: fail when the client did not provide it.</summary>
    public bool Required { get; init; }

    /// <summary>Secret exposed as this environment variable.</summary>
    public string? Env { get; init; }

    /// <summary>File mode (octal in the Dockerfile).</summary>
    public uint? Mode { get; init; }

    public uint? Uid { get; init; }

    public uint? Gid { get; init; }
}
