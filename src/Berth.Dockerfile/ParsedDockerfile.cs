using System.Globalization;
using System.Text.Json.Serialization;
using Berth.Dockerfile.Instructions;
using Berth.Dockerfile.Parsing;

namespace Berth.Dockerfile;

/// <summary>
/// A parsed Dockerfile: its directives, the global ARGs declared before the first FROM (usable in FROM lines),
/// and its stages in order. Nothing is expanded yet; see <see cref="Expansion.InstructionExpander"/>.
/// </summary>
internal sealed record ParsedDockerfile
{
    [JsonIgnore]
    public string File { get; init; } = "Dockerfile";

    public required ParserDirectives Directives { get; init; }

    /// <summary>The escape token in force: a backslash, or a backtick after <c># escape=`</c>.</summary>
    [JsonIgnore]
    public char EscapeToken { get; init; } = '\\';

    /// <summary>The ARG instructions before the first FROM (BuildKit's meta args).</summary>
    public required IReadOnlyList<ArgInstruction> GlobalArgs { get; init; }

    public required IReadOnlyList<Stage> Stages { get; init; }

    public required IReadOnlyList<ParseWarning> Warnings { get; init; }

    /// <summary>
    /// The stage <paramref name="nameOrIndex"/> names, as BuildKit resolves <c>COPY --from</c> and <c>FROM</c>:
    /// a 0-based index, or a stage name (case-insensitive; when names repeat, the last one wins). Null when there
    /// is none: a name then refers to an image, while a number is an invalid stage index.
    /// </summary>
    /// <param name="before">Only consider stages before this index (a FROM can only name an earlier stage).</param>
    public Stage? FindStage(string nameOrIndex, int? before = null)
    {
        var candidates = before is { } limit ? Stages.Take(limit) : Stages;
        if (int.TryParse(nameOrIndex, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return candidates.ElementAtOrDefault(index);
        }
        var name = nameOrIndex.ToLowerInvariant();
        return candidates.LastOrDefault(s => s.Name == name);
    }
}
