using Berth.Dockerfile.Expansion;
using Berth.Dockerfile.Shell;

namespace Berth.Build.Solver;

/// <summary>
/// The ARG values a stage has declared so far, over the --build-arg values and the global ARGs. A stage sees an
/// ARG only after declaring it; a --build-arg gives a declared ARG its value; ENV always wins over ARG.
/// </summary>
internal sealed class BuildVariables
{
    private readonly IReadOnlyDictionary<string, string?> _buildArgs;
    private readonly IReadOnlyDictionary<string, string> _globals;
    private readonly Dictionary<string, string> _declared = new(StringComparer.Ordinal);

    public BuildVariables(IReadOnlyDictionary<string, string?> buildArgs, IReadOnlyDictionary<string, string> globals)
    {
        _buildArgs = buildArgs;
        _globals = globals;
    }

    /// <summary>ARG values declared in this stage, in declaration order of their names.</summary>
    public IReadOnlyDictionary<string, string> Declared => _declared;

    /// <summary>
    /// <c>ARG NAME[=default]</c>: the --build-arg value if given, else the default, else the global ARG's value
    /// (a bare <c>ARG NAME</c> in a stage brings a global one in); an ARG with none of them stays unset.
    /// </summary>
    public void Declare(string name, string? defaultValue)
    {
        if (_buildArgs.TryGetValue(name, out var given) && given is not null) _declared[name] = given;
        else if (defaultValue is not null) _declared[name] = defaultValue;
        else if (_globals.TryGetValue(name, out var global)) _declared[name] = global;
        else _declared.Remove(name);
    }

    /// <summary>Expansion in a step: the image's ENV first, then the ARGs declared so far.</summary>
    public VariableLookup Lookup(IReadOnlyList<string>? env)
    {
        var values = new Dictionary<string, string>(_declared, StringComparer.Ordinal);
        foreach (var entry in env ?? [])
        {
            var eq = entry.IndexOf('=');
            values[eq < 0 ? entry : entry[..eq]] = eq < 0 ? "" : entry[(eq + 1)..];
        }
        return VariableLookups.From(values);
    }

    /// <summary>
    /// What a RUN gets besides the image's ENV: the declared ARGs (never over an ENV of the same name), and the
    /// proxy build args, which need no ARG line.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> RunArguments(IReadOnlyList<string>? env)
    {
        var envNames = (env ?? []).Select(e => e.Split('=', 2)[0]).ToHashSet(StringComparer.Ordinal);
        var result = _declared.Where(a => !envNames.Contains(a.Key)).ToList();
        foreach (var proxy in PredefinedArgs.Proxy)
        {
            if (!_declared.ContainsKey(proxy) && !envNames.Contains(proxy) && _buildArgs.TryGetValue(proxy, out var value) && value is not null)
                result.Add(new(proxy, value));
        }
        return result;
    }

    /// <summary>The global ARGs (before the first FROM), each with its --build-arg value or default, expanded in order.</summary>
    public static IReadOnlyDictionary<string, string> Globals(
        IEnumerable<Dockerfile.Instructions.ArgInstruction> globalArgs, IReadOnlyDictionary<string, string?> buildArgs,
        IReadOnlyDictionary<string, string> predefined, InstructionExpander expander)
    {
        var values = new Dictionary<string, string>(predefined, StringComparer.Ordinal);
        foreach (var instruction in globalArgs)
        {
            var expanded = (Dockerfile.Instructions.ArgInstruction)expander.Expand(instruction, VariableLookups.From(values));
            foreach (var arg in expanded.Args)
            {
                if (buildArgs.TryGetValue(arg.Name, out var given) && given is not null) values[arg.Name] = given;
                else if (arg.Default is not null) values[arg.Name] = arg.Default;
            }
        }
        return values;
    }
}
