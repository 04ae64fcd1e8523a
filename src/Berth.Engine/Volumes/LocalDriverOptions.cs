using Berth.Oci;
using Berth.Storage;

namespace Berth.Engine.Volumes;

/// <summary>
/// The local driver's <c>-o</c> options, as <c>mount -t TYPE -o O DEVICE</c>: <c>type=tmpfs device=tmpfs o=size=64m</c>,
/// <c>type=none device=/srv/x o=bind</c>, <c>type=nfs o=addr=… device=:/export</c>. With any of them the device is
/// mounted on the volume's data directory when its first container starts and unmounted when its last one stops.
/// </summary>
public static class LocalDriverOptions
{
    private static readonly string[] Known = ["type", "o", "device"];

    /// <summary>Which options each option needs beside it (Docker's mandatory pairs).</summary>
    private static readonly (string Option, string[] Needs)[] Required =
    [
        ("device", ["type"]),
        ("type", ["device"]),
        ("o", ["device", "type"]),
    ];

    /// <returns>Why the options are refused (Docker's wording, without the "create NAME: " prefix), or null.</returns>
    public static string? Problem(IReadOnlyDictionary<string, string>? options)
    {
        if (options is null) return null;
        foreach (var key in options.Keys.Order(StringComparer.Ordinal))
        {
            if (!Known.Contains(key)) return $"invalid option: \"{key}\"";
        }
        foreach (var (option, needs) in Required)
        {
            if (!options.ContainsKey(option)) continue;
            foreach (var need in needs)
            {
                if (!options.ContainsKey(need)) return $"missing required option: \"{need}\"";
            }
        }
        return null;
    }

    public static void Validate(string volumeName, IReadOnlyDictionary<string, string>? options)
    {
        if (Problem(options) is { } problem) throw BerthException.Invalid($"create {volumeName}: {problem}");
    }

    public static bool NeedsMount(IReadOnlyDictionary<string, string>? options) => options?.ContainsKey("device") == true;

    /// <summary>The mount that makes the volume's device (a bind when <c>o</c> says <c>bind</c>).</summary>
    public static Mount ToMount(IReadOnlyDictionary<string, string> options)
    {
        var flags = options.GetValueOrDefault("o") is { Length: > 0 } o ? o.Split(',', StringSplitOptions.RemoveEmptyEntries) : [];
        var type = options.GetValueOrDefault("type") ?? "none";
        return new Mount(flags.Contains("bind") || flags.Contains("rbind") ? "bind" : type, options["device"], flags);
    }
}
