using System.Text.Json.Serialization;

namespace Berth.Dockerfile.Instructions;

/// <summary><c>STOPSIGNAL signal</c>.</summary>
internal sealed record StopSignalInstruction : Instruction
{
    [JsonIgnore]
    public override InstructionKind Kind => InstructionKind.StopSignal;

    public required string Signal { get; init; }
}
