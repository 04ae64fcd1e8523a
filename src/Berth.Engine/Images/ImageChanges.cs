using System.Text.Json;
using Berth.Oci;

namespace Berth.Engine.Images;

/// <summary>
/// Applies <c>import --change</c> instructions (Dockerfile syntax: CMD, ENTRYPOINT, ENV, EXPOSE, LABEL,
/// USER, VOLUME, WORKDIR, STOPSIGNAL) to a container config, as <c>docker import</c> does.
/// </summary>
public static class ImageChanges
{
    public static ContainerConfig Apply(ContainerConfig config, IEnumerable<string> changes)
    {
        foreach (var change in changes)
        {
            var trimmed = change.Trim();
            if (trimmed.Length == 0) continue;
            var space = trimmed.IndexOfAny([' ', '\t']);
            var instruction = (space < 0 ? trimmed : trimmed[..space]).ToUpperInvariant();
            var argument = space < 0 ? "" : trimmed[(space + 1)..].Trim();
            config = instruction switch
            {
                "CMD" => config with { Cmd = CommandForm(argument) },
                "ENTRYPOINT" => config with { Entrypoint = CommandForm(argument) },
                "ENV" => config with { Env = MergeEnv(config.Env, KeyValues(argument, "ENV")) },
                "LABEL" => config with { Labels = Merge(config.Labels, KeyValues(argument, "LABEL")) },
                "EXPOSE" => config with { ExposedPorts = AddKeys(config.ExposedPorts, argument.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(PortKey)) },
                "VOLUME" => config with { Volumes = AddKeys(config.Volumes, ListForm(argument)) },
                "USER" => config with { User = Required(argument, instruction) },
                "WORKDIR" => config with { WorkingDir = Required(argument, instruction) },
                "STOPSIGNAL" => config with { StopSignal = Required(argument, instruction) },
                _ => throw BerthException.Invalid($"{instruction} is not a valid change command"),
            };
        }
        return config;
    }

    /// <summary>JSON array form as given; anything else is shell form, run by /bin/sh -c.</summary>
    private static IReadOnlyList<string> CommandForm(string argument) =>
        TryJsonArray(argument) ?? ["/bin/sh", "-c", argument];

    private static IReadOnlyList<string> ListForm(string argument) =>
        TryJsonArray(argument) ?? argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static IReadOnlyList<string>? TryJsonArray(string argument)
    {
        if (!argument.StartsWith('[')) return null;
        try
        {
            using var document = JsonDocument.Parse(argument);
            if (document.RootElement.ValueKind != JsonValueKind.Array) return null;
            return document.RootElement.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new FormatException()).ToList();
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Parses <c>k=v k2="v 2"</c>, or the legacy <c>KEY value with spaces</c> form.</summary>
    private static List<KeyValuePair<string, string>> KeyValues(string argument, string instruction)
    {
        Required(argument, instruction);
        var words = ShellWords(argument);
        if (!words[0].Contains('='))
        {
            var space = argument.IndexOfAny([' ', '\t']);
            if (space < 0) throw BerthException.Invalid($"{instruction} requires at least one argument");
            return [new(argument[..space], argument[(space + 1)..].Trim())];
        }
        return words.Select(word =>
        {
            var eq = word.IndexOf('=');
            if (eq <= 0) throw BerthException.Invalid($"{instruction} names can not be blank: {word}");
            return new KeyValuePair<string, string>(word[..eq], word[(eq + 1)..]);
        }).ToList();
    }

    /// <summary>Splits on blanks, honouring double and single quotes and backslash escapes.</summary>
    private static List<string> ShellWords(string text)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        char? quote = null;
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is null && char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(current.ToString());
                current.Clear();
                inWord = false;
                continue;
            }
            inWord = true;
            if (c == '\\' && quote != '\'' && i + 1 < text.Length) current.Append(text[++i]);
            else if (quote is null && c is '"' or '\'') quote = c;
            else if (c == quote) quote = null;
            else current.Append(c);
        }
        if (quote is not null) throw BerthException.Invalid($"unmatched quote in \"{text}\"");
        if (inWord) words.Add(current.ToString());
        return words;
    }

    private static IReadOnlyList<string> MergeEnv(IReadOnlyList<string>? env, List<KeyValuePair<string, string>> values)
    {
        var merged = env?.ToList() ?? [];
        foreach (var (key, value) in values)
        {
            merged.RemoveAll(e => e == key || e.StartsWith(key + "=", StringComparison.Ordinal));
            merged.Add($"{key}={value}");
        }
        return merged;
    }

    private static Dictionary<string, string> Merge(Dictionary<string, string>? labels, List<KeyValuePair<string, string>> values)
    {
        var merged = labels is null ? new Dictionary<string, string>() : new Dictionary<string, string>(labels);
        foreach (var (key, value) in values) merged[key] = value;
        return merged;
    }

    private static Dictionary<string, EmptyObject> AddKeys(Dictionary<string, EmptyObject>? existing, IEnumerable<string> keys)
    {
        var merged = existing is null ? new Dictionary<string, EmptyObject>() : new Dictionary<string, EmptyObject>(existing);
        foreach (var key in keys) merged[key] = new EmptyObject();
        return merged;
    }

    private static string PortKey(string port)
    {
        var (number, protocol) = port.Split('/') is [var n, var p] ? (n, p.ToLowerInvariant()) : (port, "tcp");
        if (!ushort.TryParse(number, out var parsed) || parsed == 0 || protocol is not ("tcp" or "udp" or "sctp"))
            throw BerthException.Invalid($"invalid port \"{port}\"");
        return $"{parsed}/{protocol}";
    }

    private static string Required(string argument, string instruction) =>
        argument.Length > 0 ? argument : throw BerthException.Invalid($"{instruction} requires exactly one argument");
}
