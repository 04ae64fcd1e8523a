using System.Text.Json.Serialization;

namespace Berth.Dockerfile.Instructions;

/// <summary><c>USER user[:group]</c>.</summary>
internal sealed record UserInstruction : Instruction
{
    [JsonIgnore]
    public override InstructionKind Kind => InstructionKind.User;

    public required string User { get; init; }
}
