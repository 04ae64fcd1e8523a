using System.Text.Json.Serialization;

namespace Berth.Dockerfile.Instructions;

/// <summary><c>FROM [--platform=p] image [AS name]</c>: starts a stage.</summary>
internal sealed record FromInstruction : Instruction
{
    [JsonIgnore]
    public override InstructionKind Kind => InstructionKind.From;

    /// <summary>The image reference or earlier stage name, unexpanded (global ARGs expand it).</summary>
    public required string BaseName { get; init; }

    /// <summary><c>--platform</c>, unexpanded; null when absent.</summary>
    public string? Platform { get; init; }

    /// <summary>The <c>AS</c> name, lower-cased as BuildKit does; null when absent.</summary>
    public string? StageName { get; init; }
}
