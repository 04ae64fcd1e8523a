using Berth.Api.Models;
using Berth.Engine.Volumes;
using Berth.Oci;

namespace Berth.Daemon.Volumes;

/// <summary>
/// Picks the volumes out of a create request: <c>NAME:/path[:opts]</c> binds (a source that is not an absolute
/// path names a volume), <c>type=volume</c> mounts, and Config.Volumes (<c>-v /path</c> and the image's VOLUME).
/// What remains of Binds and Mounts are host binds and tmpfs, which the spec generator mounts itself.
/// </summary>
public static class VolumeRequestReader
{
    /// <summary>Docker shows <c>z</c> as the mode of a volume given without options (its default SELinux label).</summary>
    private const string DefaultMode = "z";

    public static bool IsVolumeBind(string bind) => bind.Split(':') is [{ Length: > 0 } source, ..] && !source.StartsWith('/');

    /// <summary>The binds of host paths.</summary>
    public static IReadOnlyList<string>? HostBinds(IReadOnlyList<string>? binds) => binds?.Where(b => !IsVolumeBind(b)).ToList();

    public static IReadOnlyList<VolumeRequest> Read(ContainerCreateRequest request, HostConfig host)
    {
        var volumes = new List<VolumeRequest>();
        foreach (var bind in (host.Binds ?? []).Where(IsVolumeBind)) volumes.Add(FromBind(bind));
        foreach (var mount in (host.Mounts ?? []).Where(m => m.Type == "volume")) volumes.Add(FromMount(mount));
        foreach (var path in (request.Volumes ?? []).Keys.Order(StringComparer.Ordinal))
        {
            // docker's -v /path:/other with one colon arrives in Binds; a key here with a colon is a client's mistake.
            if (path.Contains(':')) throw BerthException.Invalid($"invalid volume specification: '{path}'");
            volumes.Add(new VolumeRequest { Destination = path, Implicit = true });
        }
        return volumes;
    }

    /// <summary><c>NAME:/path[:ro|rw|nocopy|z|Z|propagation,…]</c>.</summary>
    private static VolumeRequest FromBind(string bind)
    {
        var parts = bind.Split(':');
        if (parts.Length is < 2 or > 3 || parts[1].Length == 0) throw BerthException.Invalid($"invalid volume specification: '{bind}'");
        var mode = parts.Length == 3 ? parts[2] : "";
        var readOnly = false;
        var noCopy = false;
        foreach (var option in mode.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            switch (option)
            {
                case "ro": readOnly = true; break;
                case "rw": readOnly = false; break;
                case "nocopy": noCopy = true; break;
                case "z" or "Z" or "consistent" or "cached" or "delegated" or "private" or "rprivate" or "shared" or "rshared" or "slave" or "rslave": break;
                default: throw BerthException.Invalid($"invalid mode: {option}");
            }
        }
        return new VolumeRequest { Name = parts[0], Destination = parts[1], ReadOnly = readOnly, NoCopy = noCopy, Mode = mode.Length > 0 ? mode : DefaultMode };
    }

    private static VolumeRequest FromMount(HostMount mount)
    {
        if (string.IsNullOrEmpty(mount.Target)) throw BerthException.Invalid("invalid mount config for type \"volume\": field Target must not be empty");
        if (mount.BindOptions is not null) throw BerthException.Invalid("invalid mount config for type \"volume\": field BindOptions must not be specified");
        if (mount.TmpfsOptions is not null) throw BerthException.Invalid("invalid mount config for type \"volume\": field TmpfsOptions must not be specified");
        var options = mount.VolumeOptions;
        if (options?.Subpath is { Length: > 0 }) throw new BerthException(ErrorKind.NotImplemented, "volume subpaths are not supported");
        return new VolumeRequest
        {
            Name = string.IsNullOrEmpty(mount.Source) ? null : mount.Source,
            Destination = mount.Target,
            ReadOnly = mount.ReadOnly,
            NoCopy = options?.NoCopy ?? false,
            Mode = DefaultMode,
            Driver = options?.DriverConfig?.Name,
            DriverOptions = options?.DriverConfig?.Options,
            Labels = options?.Labels,
        };
    }
}
