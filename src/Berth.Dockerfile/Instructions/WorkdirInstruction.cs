using System.Text.Json.Serialization;

namespace Berth.Dockerfile.Instructions;

/// <summary><c>WORKDIR path</c>.</summary>
internal sealed record WorkdirInstruction : Instruction
{
    [JsonIgnore]
    public override InstructionKind Kind => InstructionKind.Workdir;

    public required string Path { get; init; }
}
