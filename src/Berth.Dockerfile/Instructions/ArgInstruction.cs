using System.Text.Json.Serialization;

namespace Berth.Dockerfile.Instructions;

/// <summary><c>ARG name[=default] ...</c>; before the first FROM it declares a global (meta) arg.</summary>
internal sealed record ArgInstruction : Instruction
{
    [JsonIgnore]
    public override InstructionKind Kind => InstructionKind.Arg;

    public required IReadOnlyList<ArgDefinition> Args { get; init; }
}
