namespace Berth.Dockerfile.Instructions;

/// <summary>
/// Reads one <c>--mount</c> value (CSV of <c>key=value</c> and bare <c>ro</c>/<c>rw</c>/<c>required</c>) into a
/// <see cref="RunMount"/> with BuildKit's keys, aliases (src, dst/destination, ro/readonly, rw/readwrite),
/// defaults and checks. With an expander every value is expanded first (the builder's pass); without one (the
/// parse pass) values are taken literally, except that a value holding <c>$</c> is left for the expanding pass
/// instead of being validated, and <c>from</c> may not use variables at all.
/// </summary>
internal static class RunMountParser
{
    private static readonly string[] AllTypes = ["bind", "cache", "tmpfs", "secret", "ssh"];
    private static readonly string[] AllSharing = ["shared", "private", "locked"];
    private static readonly string[] AllKeys =
    [
        "type", "from", "source", "target", "readonly", "id", "sharing", "required", "size", "mode", "uid", "gid",
        "src", "dst", "destination", "ro", "rw", "readwrite", "env",
    ];

    /// <exception cref="FormatException">An invalid mount; the message is BuildKit's.</exception>
    public static RunMount Parse(string spec, Func<string, string>? expand)
    {
        List<string> fields;
        try
        {
            fields = CsvFields.Split(spec);
        }
        catch (FormatException e)
        {
            throw new FormatException($"failed to parse csv mounts: {e.Message}");
        }

        var mount = new RunMount();
        var readOnlyAuto = true;
        foreach (var field in fields)
        {
            var eq = field.IndexOf('=');
            var key = (eq < 0 ? field : field[..eq]).ToLowerInvariant();
            var value = eq < 0 ? "" : field[(eq + 1)..];
            if (eq < 0)
            {
                switch (key)
                {
                    case "readonly" or "ro":
                        mount = mount with { ReadOnly = true };
                        readOnlyAuto = false;
                        continue;
                    case "readwrite" or "rw":
                        mount = mount with { ReadOnly = false };
                        readOnlyAuto = false;
                        continue;
                    case "required" when mount.Type is MountType.Secret or MountType.Ssh:
                        mount = mount with { Required = true };
                        continue;
                    case "required":
                        throw new FormatException($"unexpected key '{key}' for mount type '{TypeName(mount.Type)}'");
                    default:
                        throw new FormatException($"invalid field '{field}' must be a key=value pair");
                }
            }

            if (expand is not null)
            {
                value = expand(value);
            }
            else if (key == "from")
            {
                var dollar = value.IndexOf('$');
                if (dollar != -1 && dollar != value.Length - 1)
                {
                    throw new FormatException($"'{key}' doesn't support variable expansion, define alias stage instead");
                }
            }
            var deferred = expand is null && value.Contains('$');

            switch (key)
            {
                case "type":
                    if (deferred)
                    {
                        break;
                    }
                    var typeIndex = Array.IndexOf(AllTypes, value.ToLowerInvariant());
                    if (typeIndex < 0)
                    {
                        throw new FormatException(Suggestions.WithSuggestion(
                            $"unsupported mount type {GoFormat.Quote(value)}", value, AllTypes, caseSensitive: true));
                    }
                    mount = mount with { Type = (MountType)typeIndex };
                    break;
                case "from":
                    mount = mount with { From = value };
                    break;
                case "source" or "src":
                    mount = mount with { Source = value };
                    break;
                case "target" or "dst" or "destination":
                    mount = mount with { Target = value };
                    break;
                case "readonly" or "ro":
                    if (!deferred)
                    {
                        mount = mount with { ReadOnly = ParseBool(key, value) };
                    }
                    readOnlyAuto = false;
                    break;
                case "readwrite" or "rw":
                    if (!deferred)
                    {
                        mount = mount with { ReadOnly = !ParseBool(key, value) };
                    }
                    readOnlyAuto = false;
                    break;
                case "required":
                    if (mount.Type is not (MountType.Secret or MountType.Ssh))
                    {
                        throw new FormatException($"unexpected key '{key}' for mount type '{TypeName(mount.Type)}'");
                    }
                    if (!deferred)
                    {
                        mount = mount with { Required = ParseBool(key, value) };
                    }
                    break;
                case "size":
                    if (mount.Type != MountType.Tmpfs)
                    {
                        throw new FormatException($"unexpected key '{key}' for mount type '{TypeName(mount.Type)}'");
                    }
                    if (!deferred)
                    {
                        mount = mount with
                        {
                            SizeLimit = MemorySize.TryParse(value, out var size) ? size : throw new FormatException($"invalid value for {key}: {value}"),
                        };
                    }
                    break;
                case "id":
                    mount = mount with { Id = value };
                    break;
                case "sharing":
                    if (deferred)
                    {
                        break;
                    }
                    var sharingIndex = Array.IndexOf(AllSharing, value.ToLowerInvariant());
                    if (sharingIndex < 0)
                    {
                        throw new FormatException(Suggestions.WithSuggestion(
                            $"unsupported sharing value {GoFormat.Quote(value)}", value, AllSharing, caseSensitive: true));
                    }
                    mount = mount with { Sharing = (CacheSharing)sharingIndex };
                    break;
                case "mode":
                    if (!deferred)
                    {
                        mount = mount with { Mode = ParseUInt(value, fromBase: 8) ?? throw new FormatException($"invalid value {value} for mode") };
                    }
                    break;
                case "uid":
                    if (!deferred)
                    {
                        mount = mount with { Uid = ParseUInt(value, fromBase: 10) ?? throw new FormatException($"invalid value {value} for uid") };
                    }
                    break;
                case "gid":
                    if (!deferred)
                    {
                        mount = mount with { Gid = ParseUInt(value, fromBase: 10) ?? throw new FormatException($"invalid value {value} for gid") };
                    }
                    break;
                case "env":
                    mount = mount with { Env = value };
                    break;
                default:
                    throw new FormatException(Suggestions.WithSuggestion(
                        $"unexpected key '{key}' in '{field}'", key, AllKeys, caseSensitive: true));
            }
        }
        return Validate(mount, readOnlyAuto);
    }

    private static RunMount Validate(RunMount mount, bool readOnlyAuto)
    {
        if (mount.Type is not (MountType.Secret or MountType.Ssh or MountType.Cache))
        {
            var quotedType = GoFormat.Quote(TypeName(mount.Type));
            if (mount.Mode is not null)
            {
                throw new FormatException($"mode not allowed for {quotedType} type mounts");
            }
            if (mount.Uid is not null)
            {
                throw new FormatException($"uid not allowed for {quotedType} type mounts");
            }
            if (mount.Gid is not null)
            {
                throw new FormatException($"gid not allowed for {quotedType} type mounts");
            }
        }
        if (readOnlyAuto)
        {
            mount = mount with { ReadOnly = mount.Type is not (MountType.Cache or MountType.Tmpfs) };
        }
        if (mount.Type == MountType.Secret)
        {
            if (!string.IsNullOrEmpty(mount.From))
            {
                throw new FormatException("secret mount should not have a from");
            }
            if (mount.Sharing is not null)
            {
                throw new FormatException("secret mount should not define sharing");
            }
            if (string.IsNullOrEmpty(mount.Source) && string.IsNullOrEmpty(mount.Target) && string.IsNullOrEmpty(mount.Id))
            {
                throw new FormatException("invalid secret mount. one of source, target required");
            }
            if (!string.IsNullOrEmpty(mount.Source) && !string.IsNullOrEmpty(mount.Id))
            {
                throw new FormatException("both source and id can't be set");
            }
        }
        if (mount.Sharing is not null && mount.Type != MountType.Cache)
        {
            throw new FormatException($"invalid cache sharing set for {TypeName(mount.Type)} mount");
        }
        return mount;
    }

    internal static string TypeName(MountType type) => AllTypes[(int)type];

    /// <summary>Go's strconv.ParseBool.</summary>
    private static bool ParseBool(string key, string value) => value switch
    {
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        _ => throw new FormatException($"invalid value for {key}: {value}"),
    };

    private static uint? ParseUInt(string value, int fromBase)
    {
        if (value.Length == 0 || value.Any(c => c < '0' || c >= '0' + fromBase))
        {
            return null;
        }
        try
        {
            return Convert.ToUInt32(value, fromBase);
        }
        catch (OverflowException)
        {
            return null;
        }
    }
}
