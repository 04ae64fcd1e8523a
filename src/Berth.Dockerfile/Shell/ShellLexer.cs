namespace Berth.Dockerfile.Shell;

/// <summary>
/// The word processor BuildKit uses for Dockerfile variable expansion (its frontend/dockerfile/shell lexer):
/// <c>$VAR</c>, <c>${VAR}</c>, <c>${VAR:-w}</c>, <c>${VAR-w}</c>, <c>${VAR:+w}</c>, <c>${VAR+w}</c>,
/// <c>${VAR:?msg}</c>, <c>${VAR?msg}</c>, <c>${VAR#p}</c>, <c>${VAR##p}</c>, <c>${VAR%p}</c>, <c>${VAR%%p}</c>,
/// <c>${VAR/p/r}</c>, <c>${VAR//p/r}</c>; the escape token; single quotes (literal) and double quotes (only
/// <c>$</c>, <c>"</c> and the escape token are special); quote removal; and, for
/// <see cref="ProcessWords"/>, splitting on unquoted whitespace (expanded values split too, quoted ones do not).
/// It is not a shell: no command substitution, globbing or arithmetic. Immutable and thread-safe.
/// </summary>
internal sealed class ShellLexer(char escapeToken = '\\')
{
    public char EscapeToken { get; } = escapeToken;

    /// <summary>Keep quote characters in the output (used to find heredoc names and whether they were quoted).</summary>
    public bool RawQuotes { get; init; }

    /// <summary>Keep escape tokens in the output.</summary>
    public bool RawEscapes { get; init; }

    /// <summary>Treat quotes as ordinary characters (used for heredoc bodies, where only variables expand).</summary>
    public bool SkipProcessQuotes { get; init; }

    /// <summary>Leave references to unset variables as written instead of expanding them to "".</summary>
    public bool SkipUnsetEnv { get; init; }

    /// <summary>Expands and unquotes <paramref name="word"/> as one word (no splitting).</summary>
    public string ProcessWord(string word, VariableLookup lookup) => Process(word, lookup).Result;

    /// <summary>Expands <paramref name="text"/> and splits it into words the way a shell would.</summary>
    public IReadOnlyList<string> ProcessWords(string text, VariableLookup lookup) => Process(text, lookup).Words;

    /// <summary>Like <see cref="ProcessWord"/>, also reporting which variables were found and which were not.</summary>
    public ShellWordResult Process(string word, VariableLookup lookup)
    {
        var scanner = new ShellWordScanner(this, word, lookup);
        return scanner.Run();
    }
}

/// <param name="Result">The expanded word.</param>
/// <param name="Words">The expanded text split into words.</param>
/// <param name="Matched">Variables referenced and set.</param>
/// <param name="Unmatched">Variables referenced but not set.</param>
internal sealed record ShellWordResult(
    string Result,
    IReadOnlyList<string> Words,
    IReadOnlySet<string> Matched,
    IReadOnlySet<string> Unmatched);
