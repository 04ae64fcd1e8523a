using System.Globalization;
using Berth.Oci;
using Berth.Oci.Runtime;

namespace Berth.Runtime.Spec;

/// <summary>
/// Turns <c>-v</c> binds, <c>--mount</c> and <c>--tmpfs</c> into spec mounts. Binds are recursive and
/// rprivate unless asked otherwise, so mounts made later on the host do not leak in; tmpfs mounts get
/// Docker's nosuid,nodev,noexec unless their options say otherwise.
/// </summary>
internal static class UserMounts
{
    private static readonly HashSet<string> Propagations = ["private", "rprivate", "shared", "rshared", "slave", "rslave"];

    public static List<MountSpec> Build(RunOptions options)
    {
        var mounts = new List<MountSpec>();
        foreach (var bind in options.Binds ?? []) mounts.Add(ParseBind(bind));
        foreach (var mount in options.Mounts ?? []) mounts.Add(FromMount(mount));
        foreach (var (target, data) in options.Tmpfs ?? new Dictionary<string, string>())
        {
            mounts.Add(Tmpfs(CheckTarget(target), data.Split(',', StringSplitOptions.RemoveEmptyEntries)));
        }
        var duplicate = mounts.GroupBy(m => m.Destination).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw BerthException.Invalid($"Duplicate mount point: {duplicate.Key}");
        return mounts;
    }

    /// <summary><c>/host:/container[:opt,opt]</c> with ro/rw and a propagation mode as options.</summary>
    private static MountSpec ParseBind(string bind)
    {
        var parts = bind.Split(':');
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0) throw BerthException.Invalid($"invalid volume specification: '{bind}'");
        if (!parts[0].StartsWith('/'))
        {
            throw BerthException.Invalid($"invalid volume specification: '{bind}': named volumes must be resolved to a host path before the container is created");
        }
        var readOnly = false;
        string? propagation = null;
        foreach (var option in parts.Length == 3 ? parts[2].Split(',', StringSplitOptions.RemoveEmptyEntries) : [])
        {
            switch (option)
            {
                case "ro": readOnly = true; break;
                case "rw": readOnly = false; break;
                // SELinux relabelling and copy-from-image only concern volumes Berth does not label or fill.
                case "z" or "Z" or "nocopy" or "consistent" or "cached" or "delegated": break;
                case var p when Propagations.Contains(p): propagation = p; break;
                default: throw BerthException.Invalid($"invalid mode: {option}");
            }
        }
        return Bind(parts[0], CheckTarget(parts[1]), readOnly, propagation);
    }

    private static MountSpec FromMount(MountOption mount) => mount.Type switch
    {
        "bind" when string.IsNullOrEmpty(mount.Source) || !mount.Source.StartsWith('/') =>
            throw BerthException.Invalid($"invalid mount config for type \"bind\": invalid mount path: '{mount.Source}' mount path must be absolute"),
        "bind" when mount.BindPropagation is { Length: > 0 } p && !Propagations.Contains(p) =>
            throw BerthException.Invalid($"invalid mount config for type \"bind\": invalid propagation mode: {p}"),
        "bind" => Bind(mount.Source, CheckTarget(mount.Target), mount.ReadOnly, mount.BindPropagation),
        "tmpfs" => Tmpfs(CheckTarget(mount.Target), TmpfsOptions(mount)),
        _ => throw BerthException.Invalid($"invalid mount config: mount type \"{mount.Type}\" is not supported here (use bind or tmpfs)"),
    };

    private static IEnumerable<string> TmpfsOptions(MountOption mount)
    {
        if (mount.ReadOnly) yield return "ro";
        if (mount.TmpfsSize > 0) yield return "size=" + mount.TmpfsSize.ToString(CultureInfo.InvariantCulture);
        if (mount.TmpfsMode is { } mode) yield return "mode=" + Convert.ToString(mode, 8);
    }

    private static MountSpec Bind(string source, string target, bool readOnly, string? propagation) => new()
    {
        Destination = target,
        Type = "bind",
        Source = source,
        Options = ["rbind", string.IsNullOrEmpty(propagation) ? "rprivate" : propagation, readOnly ? "ro" : "rw"],
    };

    /// <summary>Docker's tmpfs defaults first; a later option (exec, suid, dev…) overrides its opposite.</summary>
    private static MountSpec Tmpfs(string target, IEnumerable<string> options)
    {
        var merged = new List<string> { "nosuid", "nodev", "noexec" };
        foreach (var option in options)
        {
            var key = option.Split('=')[0];
            merged.RemoveAll(m => m.Split('=')[0] == key || m == Opposite(key));
            merged.Add(option);
        }
        return new MountSpec { Destination = target, Type = "tmpfs", Source = "tmpfs", Options = merged };
    }

    private static string Opposite(string flag) => flag switch
    {
        "ro" => "rw",
        "rw" => "ro",
        _ when flag.StartsWith("no", StringComparison.Ordinal) => flag[2..],
        _ => "no" + flag,
    };

    private static string CheckTarget(string target)
    {
        if (!target.StartsWith('/')) throw BerthException.Invalid($"invalid mount path: '{target}' mount path must be absolute");
        var clean = "/" + string.Join('/', target.Split('/', StringSplitOptions.RemoveEmptyEntries));
        return clean == "/" ? throw BerthException.Invalid("invalid specification: destination can't be '/'") : clean;
    }
}
