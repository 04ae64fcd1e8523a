using System.Text.Json.Serialization;

namespace Berth.Dockerfile.Instructions;

/// <summary><c>ADD [--chown --chmod --checksum --keep-git-dir --link --unpack --exclude] src... dest</c>.</summary>
internal sealed record AddInstruction : Instruction
{
    [JsonIgnore]
    public override InstructionKind Kind => InstructionKind.Add;

    /// <summary>Source paths or URLs (context paths, http(s) URLs, git URLs), without heredoc sources.</summary>
    public required IReadOnlyList<string> Sources { get; init; }

    public required IReadOnlyList<InlineSource> InlineSources { get; init; }

    public required string Destination { get; init; }

    public string? Chown { get; init; }

    public string? Chmod { get; init; }

    /// <summary><c>--checksum=sha256:…</c> for a remote source.</summary>
    public string? Checksum { get; init; }

    /// <summary><c>--keep-git-dir</c>; null when not given.</summary>
    public bool? KeepGitDir { get; init; }

    /// <summary><c>--unpack</c>; null when not given (archives from the context unpack, URLs do not).</summary>
    public bool? Unpack { get; init; }

    public bool Link { get; init; }

    public required IReadOnlyList<string> Excludes { get; init; }

    public bool IsJson { get; init; }
}
