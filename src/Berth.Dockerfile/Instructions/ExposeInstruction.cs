using System.Text.Json.Serialization;

namespace Berth.Dockerfile.Instructions;

/// <summary><c>EXPOSE port[/proto] ...</c>; sorted as BuildKit sorts them.</summary>
internal sealed record ExposeInstruction : Instruction
{
    [JsonIgnore]
    public override InstructionKind Kind => InstructionKind.Expose;

    public required IReadOnlyList<string> Ports { get; init; }
}
