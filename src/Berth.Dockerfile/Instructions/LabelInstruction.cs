using System.Text.Json.Serialization;

namespace Berth.Dockerfile.Instructions;

/// <summary><c>LABEL k=v ...</c>.</summary>
internal sealed record LabelInstruction : Instruction
{
    [JsonIgnore]
    public override InstructionKind Kind => InstructionKind.Label;

    public required IReadOnlyList<KeyValue> Labels { get; init; }
}
