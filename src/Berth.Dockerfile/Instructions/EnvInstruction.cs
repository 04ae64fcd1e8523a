using System.Text.Json.Serialization;

namespace Berth.Dockerfile.Instructions;

/// <summary><c>ENV k=v ...</c> or the legacy <c>ENV k v</c>.</summary>
internal sealed record EnvInstruction : Instruction
{
    [JsonIgnore]
    public override InstructionKind Kind => InstructionKind.Env;

    public required IReadOnlyList<KeyValue> Variables { get; init; }
}
