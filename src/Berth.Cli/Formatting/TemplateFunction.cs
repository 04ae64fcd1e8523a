namespace Berth.Cli.Formatting;

/// <summary>A template function; arguments are evaluated on demand so and/or can short-circuit.</summary>
internal delegate object? TemplateFunction(FunctionArgs args);

/// <param name="MaxArgs">-1 for variadic functions.</param>
internal sealed record FunctionSpec(int MinArgs, int MaxArgs, TemplateFunction Invoke);

/// <summary>
/// A function failed. <paramref name="isCallError"/> distinguishes errors the Go function itself
/// returns (reported as "error calling NAME: …") from argument type mismatches, which Go reports
/// bare ("wrong type for value; …").
/// </summary>
internal sealed class FunctionException(string message, bool isCallError) : Exception(message)
{
    public bool IsCallError { get; } = isCallError;
}

/// <summary>The arguments of one call, evaluated lazily and at most once.</summary>
internal sealed class FunctionArgs(IReadOnlyList<Func<object?>> thunks)
{
    private readonly object?[] _values = new object?[thunks.Count];
    private readonly bool[] _evaluated = new bool[thunks.Count];

    public int Count => thunks.Count;

    public object? this[int index]
    {
        get
        {
            if (!_evaluated[index])
            {
                _values[index] = thunks[index]();
                _evaluated[index] = true;
            }

            return _values[index];
        }
    }

    public IReadOnlyList<object?> All() => Enumerable.Range(0, Count).Select(i => this[i]).ToList();

    public string String(int index) => this[index] switch
    {
        string s => s,
        var other => throw TypeMismatch(other, "string"),
    };

    public long Int(int index) => this[index] switch
    {
        long l => l,
        // JSON cannot tell 5 from 5.0; Go accepts integral constants for int parameters too.
        double d when d == Math.Floor(d) && Math.Abs(d) < 9.2e18 => (long)d,
        var other => throw TypeMismatch(other, "int"),
    };

    public static FunctionException TypeMismatch(object? value, string expected) => value is GoValue.NoValue
        ? new FunctionException($"invalid value; expected {expected}", false)
        : new FunctionException($"wrong type for value; expected {expected}; got {GoValue.TypeName(value)}", false);
}
