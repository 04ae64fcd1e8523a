namespace Berth.Dockerfile.Instructions;

/// <summary>
/// The <c>--name[=value]</c> flags of one instruction (BuildKit's BFlags): each instruction declares what it
/// accepts, then <see cref="Parse"/> checks the given flags against that and fills the values in.
/// </summary>
internal sealed class InstructionFlags(IReadOnlyList<string> given)
{
    private enum FlagType { Bool, String, Strings }

    private sealed class Flag(FlagType type)
    {
        public FlagType Type { get; } = type;
        public string? Value { get; set; }
        public List<string> Values { get; } = [];
        public bool Used { get; set; }
    }

    private readonly Dictionary<string, Flag> _flags = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public void AddBool(string name) => Add(name, FlagType.Bool);

    public void AddString(string name) => Add(name, FlagType.String);

    public void AddStrings(string name) => Add(name, FlagType.Strings);

    /// <summary>True when the flag was given; the value is null when it was not.</summary>
    public bool? Bool(string name) => _flags[name].Used ? _flags[name].Value == "true" : null;

    public string? String(string name) => _flags[name].Value;

    public IReadOnlyList<string> Strings(string name) => _flags[name].Values;

    /// <exception cref="FlagException">An unknown, duplicate or malformed flag.</exception>
    public void Parse()
    {
        foreach (var arg in given)
        {
            if (arg == "--")
            {
                return;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new FlagException($"arg should start with -- : {arg}");
            }
            var eq = arg.IndexOf('=');
            var flagName = eq < 0 ? arg : arg[..eq];
            var hasValue = eq >= 0;
            var value = hasValue ? arg[(eq + 1)..] : "";
            var name = flagName[2..];
            if (!_flags.TryGetValue(name, out var flag))
            {
                throw new FlagException(Suggestions.WithSuggestion($"unknown flag: {flagName}", name, _order, caseSensitive: true));
            }
            if (flag.Used && flag.Type != FlagType.Strings)
            {
                throw new FlagException($"duplicate flag specified: {flagName}");
            }
            flag.Used = true;
            switch (flag.Type)
            {
                case FlagType.Bool:
                    if (hasValue && value.Length == 0)
                    {
                        throw new FlagException($"missing a value on flag: {flagName}");
                    }
                    flag.Value = value.ToLowerInvariant() switch
                    {
                        "true" or "" => "true",
                        "false" => "false",
                        _ => throw new FlagException($"expecting boolean value for flag {flagName}, not: {value}"),
                    };
                    break;
                case FlagType.String:
                    flag.Value = hasValue ? value : throw new FlagException($"missing a value on flag: {flagName}");
                    break;
                case FlagType.Strings:
                    flag.Values.Add(hasValue ? value : throw new FlagException($"missing a value on flag: {flagName}"));
                    break;
            }
        }
    }

    private void Add(string name, FlagType type)
    {
        _flags.Add(name, new Flag(type));
        _order.Add(name);
    }
}

/// <summary>A flag error; the instruction reader adds the location.</summary>
internal sealed class FlagException(string message) : Exception(message);
