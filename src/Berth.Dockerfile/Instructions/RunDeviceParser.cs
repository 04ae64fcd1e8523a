namespace Berth.Dockerfile.Instructions;

/// <summary>Reads a <c>--device</c> value: <c>name[,required[=bool]]</c> or <c>name=…,required=…</c>.</summary>
internal static class RunDeviceParser
{
    private static readonly string[] AllKeys = ["name", "required"];

    /// <exception cref="FormatException">An invalid device; the message is BuildKit's.</exception>
    public static RunDevice Parse(string spec)
    {
        List<string> fields;
        try
        {
            fields = CsvFields.Split(spec);
        }
        catch (FormatException e)
        {
            throw new FormatException($"failed to parse csv devices: {e.Message}");
        }
        var name = "";
        var required = false;
        foreach (var field in fields)
        {
            var eq = field.IndexOf('=');
            var key = (eq < 0 ? field : field[..eq]).ToLowerInvariant();
            var value = eq < 0 ? "" : field[(eq + 1)..];
            if (eq < 0)
            {
                if (key == "required")
                {
                    required = true;
                }
                else if (name.Length == 0)
                {
                    name = field;
                }
                else
                {
                    throw new FormatException($"invalid field '{field}' must be a key=value pair");
                }
                continue;
            }
            switch (key)
            {
                case "name" when name.Length != 0:
                    throw new FormatException($"device name already set to {name}");
                case "name":
                    name = value;
                    break;
                case "required":
                    required = value switch
                    {
                        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
                        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
                        _ => throw new FormatException($"invalid value for {key}: {value}"),
                    };
                    break;
                default:
                    if (name.Length == 0)
                    {
                        // A CDI name may itself hold "=", e.g. vendor.com/class=name.
                        name = field;
                        break;
                    }
                    throw new FormatException(Suggestions.WithSuggestion(
                        $"unexpected key '{key}' in '{field}'", key, AllKeys, caseSensitive: true));
            }
        }
        return new RunDevice(name, required);
    }
}
