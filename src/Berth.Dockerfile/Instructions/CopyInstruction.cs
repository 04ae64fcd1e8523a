using System.Text.Json.Serialization;

namespace Berth.Dockerfile.Instructions;

/// <summary><c>COPY [--from --chown --chmod --link --parents --exclude] src... dest</c>.</summary>
internal sealed record CopyInstruction : Instruction
{
    [JsonIgnore]
    public override InstructionKind Kind => InstructionKind.Copy;

    /// <summary>Source paths (context or <see cref="From"/>), without the heredoc sources.</summary>
    public required IReadOnlyList<string> Sources { get; init; }

    /// <summary>Files given inline as heredocs (<c>COPY &lt;&lt;EOF /dst</c>).</summary>
    public required IReadOnlyList<InlineSource> InlineSources { get; init; }

    public required string Destination { get; init; }

    /// <summary><c>--from</c>: a stage name, stage index or image; never expanded.</summary>
    public string? From { get; init; }

    public string? Chown { get; init; }

    public string? Chmod { get; init; }

    public bool Link { get; init; }

    public bool Parents { get; init; }

    public required IReadOnlyList<string> Excludes { get; init; }

    /// <summary>Whether the arguments were a JSON array (then paths may hold spaces).</summary>
    public bool IsJson { get; init; }
}
