using Berth.Api;
using Berth.Api.Models;

namespace Berth.Cli.Commands.Container.Parsing;

/// <summary>
/// One <c>--mount</c>, docker's CSV of key=value fields: type (default volume), source/src,
/// target/dst/destination, readonly/ro, bind-propagation, bind-recursive, volume-*, tmpfs-size, tmpfs-mode (octal).
/// </summary>
internal static class MountSpec
{
    private const string Flag = "--mount";

    public static HostMount Parse(string value, string workingDirectory)
    {
        string type = "volume";
        string? source = null, target = null, consistency = null;
        var readOnly = false;
        MountBindOptions? bind = null;
        MountVolumeOptions? volume = null;
        MountTmpfsOptions? tmpfs = null;
        MountImageOptions? image = null;
        foreach (var field in SplitCsv(value))
        {
            var eq = field.IndexOf('=');
            var key = (eq < 0 ? field : field[..eq]).ToLowerInvariant();
            var val = eq < 0 ? "" : field[(eq + 1)..];
            if (eq < 0)
            {
                switch (key)
                {
                    case "readonly" or "ro": readOnly = true; continue;
                    case "volume-nocopy": volume = (volume ?? new()) with { NoCopy = true }; continue;
                    case "bind-nonrecursive": bind = (bind ?? new()) with { NonRecursive = true }; continue;
                    default: throw Invalid(value, $"invalid field '{field}' must be a key=value pair");
                }
            }
            switch (key)
            {
                case "type": type = val.ToLowerInvariant(); break;
                case "source" or "src": source = val.StartsWith('.') ? Path.GetFullPath(val, workingDirectory) : val; break;
                case "target" or "dst" or "destination": target = val; break;
                case "readonly" or "ro": readOnly = ParseBool(value, key, val); break;
                case "consistency": consistency = val.ToLowerInvariant(); break;
                case "bind-propagation": bind = (bind ?? new()) with { Propagation = val.ToLowerInvariant() }; break;
                case "bind-nonrecursive": bind = (bind ?? new()) with { NonRecursive = ParseBool(value, key, val) }; break;
                case "bind-recursive":
                    bind = val switch
                    {
                        "enabled" => bind ?? new(),
                        "disabled" => (bind ?? new()) with { NonRecursive = true },
                        "writable" => (bind ?? new()) with { ReadOnlyNonRecursive = true },
                        "readonly" => (bind ?? new()) with { ReadOnlyForceRecursive = true },
                        _ => throw Invalid(value, $"invalid value for {key}: {val} (must be \"enabled\", \"disabled\", \"writable\", or \"readonly\")"),
                    };
                    break;
                case "volume-subpath": volume = (volume ?? new()) with { Subpath = val }; break;
                case "volume-nocopy": volume = (volume ?? new()) with { NoCopy = ParseBool(value, "volume-nocopy", val) }; break;
                case "volume-label": volume = WithMapEntry(volume ?? new(), val, labels: true); break;
                case "volume-driver": volume = (volume ?? new()) with { DriverConfig = (volume?.DriverConfig ?? new()) with { Name = val } }; break;
                case "volume-opt": volume = WithMapEntry(volume ?? new(), val, labels: false); break;
                case "image-subpath": image = new MountImageOptions { Subpath = val }; break;
                case "tmpfs-size":
                    try
                    {
                        tmpfs = (tmpfs ?? new()) with { SizeBytes = RamSize.Parse(val) };
                    }
                    catch (FormatException)
                    {
                        throw Invalid(value, $"invalid value for {key}: {val}");
                    }
                    break;
                case "tmpfs-mode":
                    try
                    {
                        tmpfs = (tmpfs ?? new()) with { Mode = Convert.ToUInt32(val, 8) };
                    }
                    catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
                    {
                        throw Invalid(value, $"invalid value for {key}: {val}");
                    }
                    break;
                default: throw Invalid(value, $"unexpected key '{key}' in '{field}'");
            }
        }
        if (type.Length == 0) throw Invalid(value, "type is required");
        if (string.IsNullOrEmpty(target)) throw Invalid(value, "target is required");
        if (volume is not null && type != "volume") throw Invalid(value, $"cannot mix 'volume-*' options with mount type '{type}'");
        if (image is not null && type != "image") throw Invalid(value, $"cannot mix 'image-*' options with mount type '{type}'");
        if (bind is not null && type != "bind") throw Invalid(value, $"cannot mix 'bind-*' options with mount type '{type}'");
        if (tmpfs is not null && type != "tmpfs") throw Invalid(value, $"cannot mix 'tmpfs-*' options with mount type '{type}'");
        if (bind is { ReadOnlyNonRecursive: true } && !readOnly)
            throw Invalid(value, "option 'bind-recursive=writable' requires 'readonly' to be specified in conjunction");
        if (bind is { ReadOnlyForceRecursive: true })
        {
            if (!readOnly) throw Invalid(value, "option 'bind-recursive=readonly' requires 'readonly' to be specified in conjunction");
            if (bind.Propagation != "rprivate") throw Invalid(value, "option 'bind-recursive=readonly' requires 'bind-propagation=rprivate' to be specified in conjunction");
        }
        return new HostMount
        {
            Type = type, Source = source, Target = target, ReadOnly = readOnly, Consistency = consistency,
            BindOptions = bind, VolumeOptions = volume, ImageOptions = image, TmpfsOptions = tmpfs,
        };
    }

    /// <summary>One CSV record as Go's encoding/csv reads it: commas separate, double quotes protect commas and quotes ("").</summary>
    internal static List<string> SplitCsv(string value)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < value.Length && value[i + 1] == '"') { current.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else current.Append(c);
            }
            else if (c == '"' && current.Length == 0) quoted = true;
            else if (c == ',') { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        fields.Add(current.ToString());
        return fields;
    }

    private static MountVolumeOptions WithMapEntry(MountVolumeOptions volume, string entry, bool labels)
    {
        var eq = entry.IndexOf('=');
        var key = eq < 0 ? entry : entry[..eq];
        if (key.Length == 0) return volume;
        var val = eq < 0 ? "" : entry[(eq + 1)..];
        if (labels) return volume with { Labels = new Dictionary<string, string>(volume.Labels ?? []) { [key] = val } };
        var driver = volume.DriverConfig ?? new MountVolumeDriver();
        return volume with { DriverConfig = driver with { Options = new Dictionary<string, string>(driver.Options ?? []) { [key] = val } } };
    }

    private static bool ParseBool(string value, string key, string text) => text.ToLowerInvariant() switch
    {
        "1" or "t" or "true" => true,
        "0" or "f" or "false" => false,
        _ => throw Invalid(value, $"invalid value for {key}: {text}"),
    };

    private static FlagValueException Invalid(string value, string reason) => new(Flag, value, reason);
}
